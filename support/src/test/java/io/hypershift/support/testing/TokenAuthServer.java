package io.hypershift.support.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A docker token service (the {@code auth.token} realm of docker-registry) for {@link LocalRegistry#tokenAuth()}:
 * HTTPS with the registry's own server certificate, basic auth against the registry's user, and ES256 JWTs signed
 * with the test CA's key ({@code x5c} = the CA certificate, which is the registry's {@code rootcertbundle}). It grants
 * the actions asked for in {@code scope} to that user and refuses anyone else. Every request is recorded.
 */
final class TokenAuthServer {
    /** One token request: the scopes asked for and whether it was granted. */
    record TokenRequest(List<String> scopes, String user, boolean granted) {}

    private final HttpsServer server;
    private final String service;
    private final String issuer;
    private final String expectedBasic;
    private final PrivateKey signingKey;
    private final String x5c;
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();

    TokenAuthServer(int port, Path serverCert, Path serverKey, Path caCert, Path caKey, String service, String issuer,
            String user, String password) throws IOException, GeneralSecurityException {
        this.service = service;
        this.issuer = issuer;
        this.expectedBasic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.signingKey = readKey(caKey);
        X509Certificate ca = readCert(caCert);
        this.x5c = Base64.getEncoder().encodeToString(ca.getEncoded());
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(sslContext(serverCert, serverKey, ca)));
        server.createContext("/token", this::token);
        server.start();
    }

    List<TokenRequest> requests() {
        return requests;
    }

    void stop() {
        server.stop(0);
    }

    private void token(HttpExchange ex) throws IOException {
        List<String> scopes = new ArrayList<>();
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            for (String kv : query.split("&")) {
                if (kv.startsWith("scope=")) {
                    scopes.add(URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8));
                }
            }
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        boolean ok = auth != null && MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8),
                expectedBasic.getBytes(StandardCharsets.UTF_8));
        requests.add(new TokenRequest(List.copyOf(scopes), auth == null ? null : "(basic)", ok));
        byte[] body;
        int status;
        if (!ok) {
            status = 401;
            body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}".getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                String jwt = jwt(scopes);
                status = 200;
                body = ("{\"token\":\"" + jwt + "\",\"access_token\":\"" + jwt + "\",\"expires_in\":300}")
                        .getBytes(StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                status = 500;
                body = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    private String jwt(List<String> scopes) throws GeneralSecurityException {
        StringBuilder access = new StringBuilder();
        for (String scope : scopes) {
            String[] p = scope.split(":"); // repository:name:actions (name has no ':' here: no ports in repo names)
            if (p.length != 3) {
                continue;
            }
            StringBuilder actions = new StringBuilder();
            for (String a : p[2].split(",")) {
                actions.append(actions.length() == 0 ? "" : ",").append('"').append(a).append('"');
            }
            access.append(access.length() == 0 ? "" : ",").append("{\"type\":\"").append(p[0]).append("\",\"name\":\"")
                    .append(p[1]).append("\",\"actions\":[").append(actions).append("]}");
        }
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"x5c\":[\"" + x5c + "\"]}";
        String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"test-user\",\"aud\":\"" + service + "\",\"exp\":"
                + (now + 300) + ",\"nbf\":" + (now - 10) + ",\"iat\":" + now + ",\"jti\":\"" + UUID.randomUUID()
                + "\",\"access\":[" + access + "]}";
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        Signature sig = Signature.getInstance("SHA256withECDSAinP1363Format");
        sig.initSign(signingKey);
        sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64(sig.sign());
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static SSLContext sslContext(Path cert, Path key, X509Certificate ca) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "x".toCharArray();
        ks.setKeyEntry("server", readKey(key), pw, new Certificate[] {readCert(cert), ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static PrivateKey readKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem);
        if (!text.contains("BEGIN PRIVATE KEY")) {
            throw new GeneralSecurityException(pem + ": want a PKCS#8 PEM key");
        }
        String b64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    private static X509Certificate readCert(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
