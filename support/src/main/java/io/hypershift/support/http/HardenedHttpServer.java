package io.hypershift.support.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One listener on Jetty 12 (its core API, no servlets), plain HTTP or TLS, with every {@link ServerLimits} applied:
 * the header deadline, the idle timeout, the connection bound, the header and body sizes and a fixed thread pool.
 * Errors Jetty answers itself (400, 413, 431) have empty bodies.
 */
public final class HardenedHttpServer implements AutoCloseable {
    /** TLS 1.3, and TLS 1.2 with ECDHE and AEAD only: the Mozilla "intermediate" profile without DHE. */
    public static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    public static final String[] TLS_CIPHER_SUITES = {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    };

    private final Server server;
    private final InetSocketAddress address;

    private HardenedHttpServer(Server server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /**
     * Binds and starts; on failure nothing is left running.
     *
     * @param name names the threads
     * @param tls empty for plain HTTP
     */
    public static HardenedHttpServer start(String name, InetSocketAddress address, Optional<SSLContext> tls,
            ServerLimits limits, Handler handler) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(limits.threads(), Math.min(4, limits.threads()));
        threads.setName(name);
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setIdleTimeout(limits.idleTimeout().toMillis());
        ConnectionFactory[] factories;
        if (tls.isPresent()) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // nodes dial an IP or a name the certificate may not list first
            http.addCustomizer(secure);
            factories = new ConnectionFactory[] {
                new SslConnectionFactory(sslContextFactory(tls.get()), HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http)};
        } else {
            factories = new ConnectionFactory[] {new HttpConnectionFactory(http)};
        }
        ServerConnector connector = new ServerConnector(server, 1, 1, factories);
        // all interfaces (":8080") as Jetty spells it: no host, which binds the wildcard of every address family
        connector.setHost(address.getAddress() == null ? address.getHostString()
                : address.getAddress().isAnyLocalAddress() ? null : address.getAddress().getHostAddress());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptQueueSize(128);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        HeaderDeadline deadline = new HeaderDeadline(connector.getScheduler(), limits.headerTimeout().toMillis());
        connector.addBean(deadline);
        SizeLimitHandler sizes = new SizeLimitHandler(limits.maxBodyBytes(), -1);
        sizes.setHandler(handler);
        deadline.setHandler(sizes);
        server.setHandler(deadline);
        server.setErrorHandler((request, response, callback) -> {
            callback.succeeded();
            return true;
        });
        try {
            server.start();
        } catch (Exception e) {
            stop(server);
            throw e instanceof IOException io ? io : new IOException("cannot start " + name + " on " + address + ": " + e, e);
        }
        return new HardenedHttpServer(server, new InetSocketAddress(address.getAddress(), connector.getLocalPort()));
    }

    private static SslContextFactory.Server sslContextFactory(SSLContext tls) {
        SslContextFactory.Server f = new SslContextFactory.Server();
        f.setSslContext(tls);
        f.setIncludeProtocols(TLS_PROTOCOLS);
        f.setIncludeCipherSuites(TLS_CIPHER_SUITES);
        f.setRenegotiationAllowed(false);
        f.setSniRequired(false);
        return f;
    }

    /** The bound address (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        stop(server);
    }

    private static void stop(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort: the threads are daemons
        }
    }
}
