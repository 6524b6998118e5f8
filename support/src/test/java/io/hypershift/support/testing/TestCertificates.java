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

    /**
     * A server certificate for {@code san} (e.g. {@code DNS:elsewhere.example}) signed by the CA
     * {@link #selfSignedCa} made as {@code ca}, with its key, as the PKCS12 file {@code dir/name.p12} (password
     * {@code changeit}).
     */
    public static Path serverPkcs12(Path dir, String ca, String name, String san) {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        Path p12 = dir.resolve(name + ".p12");
        try {
            java.nio.file.Files.writeString(ext, "subjectAltName=" + san + "\nextendedKeyUsage=serverAuth\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Duration t = Duration.ofSeconds(30);
        Processes.run(List.of("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name), t);
        Processes.run(List.of("openssl", "x509", "-req", "-in", csr.toString(), "-CA", dir.resolve(ca + ".pem").toString(),
                "-CAkey", dir.resolve(ca + ".key").toString(), "-CAcreateserial", "-days", "1", "-extfile", ext.toString(),
                "-out", cert.toString()), t);
        Processes.run(List.of("openssl", "pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(),
                "-passout", "pass:changeit", "-out", p12.toString()), t);
        return p12;
    }
}
