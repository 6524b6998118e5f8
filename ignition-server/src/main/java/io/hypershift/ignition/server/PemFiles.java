package io.hypershift.ignition.server;

import io.hypershift.support.cli.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a PEM certificate chain and its private key: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY})
 * or SEC1 ({@code EC PRIVATE KEY}). Encrypted keys are refused (a pod has no passphrase). The key must belong to the
 * first certificate. Errors name the file, never the key material.
 */
public final class PemFiles {
    /** A certificate chain (leaf first) and its key. */
    public record KeyMaterial(X509Certificate[] chain, PrivateKey key) {}

    /** For a file the process may not read: in a pod, a Secret volume whose mode its user or fsGroup lacks. */
    static final String UNREADABLE = "permission denied: this process (uid " + processUid()
            + ") cannot read it (in a pod: give the Secret volume a defaultMode its user or the pod's fsGroup can read)";

    private PemFiles() {}

    public static KeyMaterial read(Path certFile, Path keyFile) {
        X509Certificate[] chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, chain[0].getPublicKey())) {
            throw new UserInputException(keyFile + ": the private key does not belong to the certificate in " + certFile);
        }
        return new KeyMaterial(chain, key);
    }

    static X509Certificate[] certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new UserInputException(file + ": no PEM certificate found");
            }
            return out.toArray(new X509Certificate[0]);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new UserInputException(file + ": " + UNREADABLE);
        } catch (IOException | GeneralSecurityException e) {
            throw new UserInputException(file + ": not a PEM certificate chain: " + e.getMessage());
        }
    }

    static PrivateKey privateKey(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PEMKeyPair kp) {
                    return converter.getPrivateKey(kp.getPrivateKeyInfo()); // SEC1 keys may omit the public key
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new UserInputException(file + ": the private key is encrypted; give an unencrypted key");
                }
            }
            throw new UserInputException(file + ": no PEM private key found (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new UserInputException(file + ": " + UNREADABLE);
        } catch (IOException e) {
            throw new UserInputException(file + ": not a PEM private key: " + e.getMessage());
        }
    }

    private static String processUid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "unknown";
        }
    }

    /** Whether {@code key} signs what {@code pub} verifies. */
    static boolean matches(PrivateKey key, PublicKey pub) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519" -> "Ed25519";
            default -> null;
        };
        if (alg == null || !key.getAlgorithm().equals(pub.getAlgorithm())) {
            return false;
        }
        try {
            byte[] probe = "ignition-server key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
