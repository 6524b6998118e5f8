package io.hypershift.ignition.server;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving certificate and key, re-read when their files change (a rotated Secret is remapped into the pod
 * without a restart). The files are checked at most once per {@code checkInterval}, at the start of a handshake. A
 * pair that does not load, or does not match, is logged and the previous one kept. Each generation has its own alias,
 * so one handshake never mixes a certificate with another generation's key.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyManager.class);

    private record Generation(String alias, PemFiles.KeyMaterial material, FileTime certTime, FileTime keyTime) {}

    private final Path certFile;
    private final Path keyFile;
    private final Clock clock;
    private final Duration checkInterval;
    private volatile Generation current;
    private volatile Generation previous;
    private volatile Instant nextCheck;
    private int generations;

    ReloadingKeyManager(Path certFile, Path keyFile, Clock clock, Duration checkInterval) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.clock = clock;
        this.checkInterval = checkInterval;
        this.current = load(); // the first load fails loudly: the server must not start without a certificate
        this.nextCheck = clock.instant().plus(checkInterval);
    }

    private Generation load() {
        FileTime certTime = mtime(certFile);
        FileTime keyTime = mtime(keyFile);
        PemFiles.KeyMaterial m = PemFiles.read(certFile, keyFile);
        return new Generation("serving-" + (++generations), m, certTime, keyTime);
    }

    private synchronized void maybeReload() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return;
        }
        nextCheck = now.plus(checkInterval);
        Generation g = current;
        if (Objects.equals(mtime(certFile), g.certTime()) && Objects.equals(mtime(keyFile), g.keyTime())) {
            return;
        }
        try {
            Generation next = load();
            previous = g;
            current = next;
            LOG.info("serving certificate reloaded from {} (subject {}, expires {})", certFile,
                    next.material().chain()[0].getSubjectX500Principal().getName(),
                    next.material().chain()[0].getNotAfter().toInstant());
        } catch (RuntimeException e) {
            LOG.error("serving certificate not reloaded, keeping the previous one: {}", e.getMessage());
        }
    }

    private static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return null;
        }
    }

    private String aliasFor(String keyType) {
        maybeReload();
        Generation g = current;
        String alg = g.material().key().getAlgorithm();
        boolean fits = keyType == null || keyType.equals(alg) || keyType.startsWith(alg + "_")
                || (alg.equals("RSA") && keyType.equals("RSASSA-PSS"));
        return fits ? g.alias() : null;
    }

    private Generation generation(String alias) {
        Generation c = current;
        if (c.alias().equals(alias)) {
            return c;
        }
        Generation p = previous;
        return p != null && p.alias().equals(alias) ? p : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String a = aliasFor(keyType);
        return a == null ? null : new String[] {a};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Generation g = generation(alias);
        return g == null ? null : g.material().chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Generation g = generation(alias);
        return g == null ? null : g.material().key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
