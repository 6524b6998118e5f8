package io.hypershift.ignition.server;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** The HTTPS listener: TLS 1.3 and 1.2 only, the serving certificate reloaded on change, one handler. */
public final class IgnitionHttpsServer implements AutoCloseable {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final HttpsServer server;
    private final ExecutorService executor;

    private IgnitionHttpsServer(HttpsServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * The TLS context serving {@code certFile}/{@code keyFile}, re-read when they change.
     *
     * @throws io.hypershift.support.cli.UserInputException when the certificate or key cannot be read
     */
    public static SSLContext tls(Path certFile, Path keyFile, Clock clock, Duration certCheckInterval) {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(new KeyManager[] {new ReloadingKeyManager(certFile, keyFile, clock, certCheckInterval)}, null, null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    public static IgnitionHttpsServer start(InetSocketAddress address, SSLContext tls, HttpHandler handler, int threads)
            throws IOException {
        HttpsServer server = HttpsServer.create(address, 128);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setProtocols(PROTOCOLS);
                p.setNeedClientAuth(false);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", handler);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ignition-https-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new IgnitionHttpsServer(server, executor);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
