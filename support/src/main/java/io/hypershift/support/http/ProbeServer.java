package io.hypershift.support.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The plain-HTTP side port of the operators and the ignition-server: health probes ({@code 200 ok} or
 * {@code 503 not ready}) and a Prometheus text scrape. Only {@code GET} and {@code HEAD}; anything else is 405.
 */
public final class ProbeServer implements AutoCloseable {
    /** The Prometheus text exposition format. */
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private ProbeServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound address (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Collects the endpoints, then binds. */
    public static final class Builder {
        private final Map<String, BooleanSupplier> probes = new LinkedHashMap<>();
        private final Map<String, Supplier<String>> scrapes = new LinkedHashMap<>();

        private Builder() {}

        /** A probe: 200 {@code ok} when {@code check} is true, else 503. */
        public Builder probe(String path, BooleanSupplier check) {
            probes.put(path, check);
            return this;
        }

        /** A Prometheus scrape endpoint. */
        public Builder metrics(String path, Supplier<String> scrape) {
            scrapes.put(path, scrape);
            return this;
        }

        public ProbeServer start(InetSocketAddress address) throws IOException {
            HttpServer server = HttpServer.create(address, 16);
            probes.forEach((path, check) -> server.createContext(path, ex -> {
                boolean ok;
                try {
                    ok = check.getAsBoolean();
                } catch (RuntimeException e) {
                    ok = false;
                }
                respond(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
            }));
            scrapes.forEach((path, scrape) -> server.createContext(path,
                    ex -> respond(ex, 200, PROMETHEUS_CONTENT_TYPE, scrape.get())));
            ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "probe-server");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.start();
            return new ProbeServer(server, executor);
        }

        private static void respond(HttpExchange ex, int code, String contentType, String body) throws IOException {
            try (ex) {
                String method = ex.getRequestMethod();
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    ex.getResponseHeaders().set("Allow", "GET, HEAD");
                    ex.sendResponseHeaders(405, -1);
                    return;
                }
                // an exact path only: /healthz/anything is not the probe
                String path = ex.getRequestURI().getPath();
                if (!path.equals(ex.getHttpContext().getPath())) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", contentType);
                if (method.equals("HEAD")) {
                    ex.sendResponseHeaders(code, -1);
                    return;
                }
                ex.sendResponseHeaders(code, bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
