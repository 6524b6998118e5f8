package io.hypershift.ignition.server;

import io.hypershift.support.http.HardenedHttpServer;
import io.hypershift.support.http.ServerLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.Handler;

/**
 * The HTTPS listener: TLS 1.3, and TLS 1.2 with ECDHE+AEAD suites only; the serving certificate reloaded on change;
 * one handler; the {@link ServerLimits} of a {@link HardenedHttpServer}.
 */
public final class IgnitionHttpsServer implements AutoCloseable {
    private final HardenedHttpServer server;

    private IgnitionHttpsServer(HardenedHttpServer server) {
        this.server = server;
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

    public static IgnitionHttpsServer start(InetSocketAddress address, SSLContext tls, Handler handler,
            ServerLimits limits) throws IOException {
        return new IgnitionHttpsServer(HardenedHttpServer.start("ignition-https", address, Optional.of(tls), limits,
                handler));
    }

    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
    }
}
