package io.hypershift.support.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The plain-HTTP side port of the operators and the ignition-server: health probes ({@code 200 ok} or
 * {@code 503 not ready}) and a Prometheus text scrape. Only {@code GET} and {@code HEAD}; anything else is 405.
 * Runs on a {@link HardenedHttpServer} with {@link ServerLimits#probes()}, so slow clients cannot block a probe.
 */
public final class ProbeServer implements AutoCloseable {
    /** The Prometheus text exposition format. */
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HardenedHttpServer server;

    private ProbeServer(HardenedHttpServer server) {
        this.server = server;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound address (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
    }

    private record Endpoint(String contentType, Supplier<Answer> answer) {}

    private record Answer(int code, String body) {}

    /** Collects the endpoints, then binds. */
    public static final class Builder {
        private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        private ServerLimits limits = ServerLimits.probes();

        private Builder() {}

        /** A probe: 200 {@code ok} when {@code check} is true, else 503. */
        public Builder probe(String path, BooleanSupplier check) {
            endpoints.put(path, new Endpoint("text/plain; charset=utf-8", () -> {
                boolean ok;
                try {
                    ok = check.getAsBoolean();
                } catch (RuntimeException e) {
                    ok = false;
                }
                return ok ? new Answer(200, "ok\n") : new Answer(503, "not ready\n");
            }));
            return this;
        }

        /** A Prometheus scrape endpoint. */
        public Builder metrics(String path, Supplier<String> scrape) {
            endpoints.put(path, new Endpoint(PROMETHEUS_CONTENT_TYPE, () -> new Answer(200, scrape.get())));
            return this;
        }

        /** Other limits than {@link ServerLimits#probes()} (tests). */
        public Builder limits(ServerLimits limits) {
            this.limits = limits;
            return this;
        }

        public ProbeServer start(InetSocketAddress address) throws IOException {
            Map<String, Endpoint> routes = Map.copyOf(endpoints);
            return new ProbeServer(HardenedHttpServer.start("probe-server", address, Optional.empty(), limits,
                    new Handler.Abstract() {
                        @Override
                        public boolean handle(Request request, Response response, Callback callback) {
                            respond(routes, request, response, callback);
                            return true;
                        }
                    }));
        }

        private static void respond(Map<String, Endpoint> routes, Request request, Response response,
                Callback callback) {
            // an exact path only: /healthz/anything is not the probe
            Endpoint e = routes.get(Request.getPathInContext(request));
            if (e == null) {
                Response.writeError(request, response, callback, 404);
                return;
            }
            String method = request.getMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                Response.writeError(request, response, callback, 405);
                return;
            }
            Answer a = e.answer().get();
            response.setStatus(a.code());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, e.contentType());
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, method.equals("HEAD") ? null : ByteBuffer.wrap(bytes), callback);
        }
    }
}
