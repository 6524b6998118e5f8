package io.hypershift.ignition.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A throw-away CA and server certificates for {@code localhost}/{@code 127.0.0.1}, generated in the test (no files
 * checked in). Keys can be written as PKCS#8, PKCS#1 (RSA) or SEC1 (EC).
 */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    public final KeyPair caKey;
    public final X509Certificate caCert;

    private TestPki(KeyPair caKey, X509Certificate caCert) {
        this.caKey = caKey;
        this.caCert = caCert;
    }

    public static TestPki create(String caName) throws GeneralSecurityException {
        KeyPair key = ec();
        X500Name name = new X500Name("CN=" + caName);
        JcaX509v3CertificateBuilder b = builder(name, name, key);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return new TestPki(key, sign(b, key));
    }

    public static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    public static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    /** A server certificate for localhost and 127.0.0.1, signed by this CA. */
    public X509Certificate serverCert(KeyPair key, String cn) throws GeneralSecurityException {
        JcaX509v3CertificateBuilder b = builder(new X500Name("CN=" + caCert.getSubjectX500Principal().getName()
                .replace("CN=", "")), new X500Name("CN=" + cn), key);
        try {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())}));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return sign(b, caKey);
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))), subject, key.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws GeneralSecurityException {
        try {
            String alg = signer.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            ContentSigner s = new JcaContentSignerBuilder(alg).build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(b.build(s));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** An SSLContext that trusts only this CA. */
    public SSLContext clientContext() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", caCert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    public enum KeyFormat { PKCS8, TRADITIONAL }

    public static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
        return w.toString();
    }

    /** The private key as PEM: PKCS#8 ({@code PRIVATE KEY}) or the traditional PKCS#1/SEC1 form. */
    public static String keyPem(KeyPair key, KeyFormat format) throws IOException {
        if (format == KeyFormat.PKCS8) {
            return pem(new PemObject("PRIVATE KEY", key.getPrivate().getEncoded()));
        }
        if (key.getPrivate().getAlgorithm().equals("EC")) {
            // SEC1 as openssl writes it: the curve OID and the public key inside the ECPrivateKey structure
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getPrivate().getEncoded());
            java.security.interfaces.ECPrivateKey k = (java.security.interfaces.ECPrivateKey) key.getPrivate();
            SubjectPublicKeyInfo pub = SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());
            ECPrivateKey sec1 = new ECPrivateKey(k.getParams().getOrder().bitLength(), k.getS(),
                    pub.getPublicKeyData(), info.getPrivateKeyAlgorithm().getParameters());
            return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        return pem(new JcaMiscPEMGenerator(key.getPrivate()).generate());
    }

    /** Writes cert (leaf then CA) and key files into {@code dir}. */
    public static void write(Path dir, X509Certificate leaf, X509Certificate ca, KeyPair key, KeyFormat format)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tls.crt"), pem(leaf) + pem(ca));
        Files.writeString(dir.resolve("tls.key"), keyPem(key, format));
    }
}
