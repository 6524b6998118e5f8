package io.hypershift.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The two small HTTP endpoints of the operator, on the JDK's server: Prometheus text at {@code /metrics}, and
 * {@code /healthz} and {@code /readyz}. Port 0 picks a free port ({@link #port()}).
 */
public final class ProbeServer implements AutoCloseable {
    private final HttpServer server;

    private ProbeServer(HttpServer server) {
        this.server = server;
    }

    public static ProbeServer metrics(InetSocketAddress address, Supplier<String> scrape) {
        HttpServer s = create(address);
        s.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", scrape.get()));
        return start(s);
    }

    public static ProbeServer health(InetSocketAddress address, BooleanSupplier live, BooleanSupplier ready) {
        HttpServer s = create(address);
        s.createContext("/healthz", ex -> probe(ex, live));
        s.createContext("/readyz", ex -> probe(ex, ready));
        return start(s);
    }

    private static HttpServer create(InetSocketAddress address) {
        try {
            return HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    private static ProbeServer start(HttpServer s) {
        s.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "probe-http");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return new ProbeServer(s);
    }

    private static void probe(HttpExchange ex, BooleanSupplier check) throws IOException {
        boolean ok;
        try {
            ok = check.getAsBoolean();
        } catch (RuntimeException e) {
            ok = false;
        }
        respond(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
    }

    private static void respond(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        if ("HEAD".equals(ex.getRequestMethod())) {
            ex.sendResponseHeaders(code, -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        if (server.getExecutor() instanceof java.util.concurrent.ExecutorService es) {
            es.shutdownNow();
        }
    }
}
