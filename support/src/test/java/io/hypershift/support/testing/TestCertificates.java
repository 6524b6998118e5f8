package io.hypershift.support.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** PEM certificates for option and TLS tests, made with {@code openssl} (which hack/local-registry.sh needs too). */
public final class TestCertificates {
    private TestCertificates() {}

    /** A self-signed EC P-256 CA certificate {@code dir/name.pem} (its key next to it, {@code name.key}). */
    public static Path selfSignedCa(Path dir, String name) {
        Path cert = dir.resolve(name + ".pem");
        Processes.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", dir.resolve(name + ".key").toString(), "-out", cert.toString(), "-days", "1",
                "-subj", "/CN=" + name), Duration.ofSeconds(30));
        return cert;
    }
}
