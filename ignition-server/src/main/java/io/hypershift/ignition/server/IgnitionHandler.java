package io.hypershift.ignition.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hypershift.ignition.payload.PayloadException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /ignition} with {@code Authorization: Bearer <token>}.
 *
 * <ul>
 *   <li>200 with the Ignition JSON for a known token;</li>
 *   <li>401 with an empty body for a missing, malformed or unknown token: nothing about the payload or the state;</li>
 *   <li>503 with {@code Retry-After} when the state is incomplete or the payload cannot be generated now (Ignition
 *       retries); the reason is logged, the body is generic;</li>
 *   <li>404 for other paths, 405 for other methods.</li>
 * </ul>
 * The token never appears in a log line; the Secret it matched does.
 */
public final class IgnitionHandler implements HttpHandler {
    public static final String PATH = "/ignition";
    static final String RETRY_AFTER_SECONDS = "10";
    private static final Logger LOG = LoggerFactory.getLogger(IgnitionHandler.class);
    private static final String BEARER = "bearer ";

    private final TokenStore tokens;
    private final ControlPlaneSource state;
    private final PayloadService payloads;
    private final ServerMetrics metrics;

    public IgnitionHandler(TokenStore tokens, ControlPlaneSource state, PayloadService payloads, ServerMetrics metrics) {
        this.tokens = tokens;
        this.state = state;
        this.payloads = payloads;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            int code = serve(ex);
            metrics.request(code);
        } catch (IOException | RuntimeException e) {
            metrics.request(500);
            LOG.error("request from {} failed: {}", ex.getRemoteAddress(), e.toString());
            throw e;
        }
    }

    private int serve(HttpExchange ex) throws IOException {
        if (!PATH.equals(ex.getRequestURI().getPath())) {
            return empty(ex, 404);
        }
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            return empty(ex, 405);
        }
        Optional<TokenStore.TokenMatch> token = bearer(ex.getRequestHeaders().getFirst("Authorization"))
                .flatMap(tokens::authenticate);
        if (token.isEmpty()) {
            LOG.info("401 for {}: missing or unknown token", ex.getRemoteAddress());
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"ignition\"");
            return empty(ex, 401);
        }
        ControlPlaneSnapshot snapshot;
        try {
            snapshot = state.snapshot();
        } catch (ControlPlaneSource.NotReadyException e) {
            LOG.warn("503 for token Secret {}: {}", token.get().secretName(), e.getMessage());
            return unavailable(ex);
        }
        byte[] payload;
        try {
            payload = payloads.payload(token.get(), snapshot);
        } catch (PayloadException e) {
            LOG.error("503 for token Secret {}: cannot generate the payload: {}", token.get().secretName(), e.getMessage());
            return unavailable(ex);
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (method.equals("HEAD")) {
            ex.sendResponseHeaders(200, -1);
            return 200;
        }
        ex.sendResponseHeaders(200, payload.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(payload);
        }
        LOG.info("200 for token Secret {} from {} ({} bytes)", token.get().secretName(), ex.getRemoteAddress(),
                payload.length);
        return 200;
    }

    /** The token of an {@code Authorization: Bearer <token>} header (scheme case-insensitive), if well-formed. */
    static Optional<String> bearer(String header) {
        if (header == null || header.length() <= BEARER.length()
                || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Optional.empty();
        }
        String token = header.substring(BEARER.length()).strip();
        return token.isEmpty() || token.indexOf(' ') >= 0 ? Optional.empty() : Optional.of(token);
    }

    private static int empty(HttpExchange ex, int code) throws IOException {
        ex.sendResponseHeaders(code, -1);
        return code;
    }

    private static int unavailable(HttpExchange ex) throws IOException {
        byte[] body = "payload not available yet; see the ignition-server log\n".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(503, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
        return 503;
    }
}
