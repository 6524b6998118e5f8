package io.hypershift.ignition.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /ignition} with {@code Authorization: Bearer <token>}.
 *
 * <ul>
 *   <li>200 with the Ignition JSON for a known token (logged at DEBUG; at INFO at most once a minute, counted);</li>
 *   <li>401 with an empty body for a missing, malformed or unknown token: nothing about the payload or the state
 *       (logged at most once a minute, counted always);</li>
 *   <li>503 with {@code Retry-After} when the state is incomplete or the payload cannot be generated now: failed,
 *       past the {@link PayloadPool} deadline, or the pool is full (Ignition retries); the reason is logged, the
 *       body is generic;</li>
 *   <li>404 for other paths, 405 for other methods.</li>
 * </ul>
 * Authentication runs on the server's thread; payload generation on the {@link PayloadPool}, so a slow registry
 * holds neither the server's threads nor other requests. The token never appears in a log line; the Secret it
 * matched does.
 */
public final class IgnitionHandler extends Handler.Abstract.NonBlocking {
    public static final String PATH = "/ignition";
    static final String RETRY_AFTER_SECONDS = "10";
    static final Duration UNAUTHORIZED_LOG_INTERVAL = Duration.ofMinutes(1);
    static final Duration SERVED_LOG_INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(IgnitionHandler.class);
    private static final String BEARER = "bearer ";
    private static final byte[] UNAVAILABLE =
            "payload not available yet; see the ignition-server log\n".getBytes(StandardCharsets.UTF_8);

    /** The payload for an authenticated token, generated on the pool (it may contact registries). */
    @FunctionalInterface
    public interface Payloads {
        CompletableFuture<byte[]> payload(TokenStore.TokenMatch token, ControlPlaneSnapshot state, PayloadPool pool);
    }

    private final TokenStore tokens;
    private final ControlPlaneSource state;
    private final Payloads payloads;
    private final PayloadPool pool;
    private final ServerMetrics metrics;
    /** 401s and 200s each at INFO at most once a minute, with a count; every 200 at DEBUG. */
    private final IntervalLog unauthorized;
    private final IntervalLog served;

    public IgnitionHandler(TokenStore tokens, ControlPlaneSource state, Payloads payloads, PayloadPool pool,
            ServerMetrics metrics, Clock clock) {
        this.tokens = tokens;
        this.state = state;
        this.payloads = payloads;
        this.pool = pool;
        this.metrics = metrics;
        this.unauthorized = new IntervalLog(clock, UNAUTHORIZED_LOG_INTERVAL);
        this.served = new IntervalLog(clock, SERVED_LOG_INTERVAL);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!PATH.equals(Request.getPathInContext(request))) {
            return finish(response, callback, 404, null);
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return finish(response, callback, 405, null);
        }
        String remote = Request.getRemoteAddr(request) + ":" + Request.getRemotePort(request);
        Optional<TokenStore.TokenMatch> token = bearer(request.getHeaders().get(HttpHeader.AUTHORIZATION))
                .flatMap(tokens::authenticate);
        if (token.isEmpty()) {
            unauthorized.unauthorized(remote);
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"ignition\"");
            return finish(response, callback, 401, null);
        }
        ControlPlaneSnapshot snapshot;
        try {
            snapshot = state.snapshot();
        } catch (ControlPlaneSource.NotReadyException e) {
            LOG.warn("503 for token Secret {}: {}", token.get().secretName(), e.getMessage());
            return unavailable(response, callback);
        }
        pool.withDeadline(payloads.payload(token.get(), snapshot, pool)).whenComplete((payload, failure) -> {
            if (failure != null) {
                LOG.error("503 for token Secret {}: {}", token.get().secretName(), reason(failure));
                unavailable(response, callback);
                return;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            if (method.equals("GET")) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, payload.length);
                served.served(token.get().secretName(), remote, payload.length);
            }
            finish(response, callback, 200, method.equals("GET") ? payload : null);
        });
        return true;
    }

    private String reason(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof TimeoutException) {
            return "the payload was not ready within " + pool.deadline() + "; still generating for the retry";
        }
        if (t instanceof RejectedExecutionException) {
            return "too many payloads being generated at once";
        }
        return "cannot generate the payload: " + t.getMessage();
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

    private boolean unavailable(Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, UNAVAILABLE.length);
        return finish(response, callback, 503, UNAVAILABLE);
    }

    /** Counts the response (before it leaves, so a client that reads the metrics next sees it) and sends it. */
    private boolean finish(Response response, Callback callback, int code, byte[] body) {
        metrics.request(code);
        response.setStatus(code);
        response.write(true, body == null ? null : ByteBuffer.wrap(body), callback);
        return true;
    }
}
