package io.hypershift.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A node's side of {@code GET /ignition}: HTTPS that trusts only the serving certificate from the hypershift-operator's
 * Secret and checks that it names the ignition-server Service ({@code ignition-server.<namespace>.svc}, as a node
 * reaching it through the Service would), then decodes the Ignition files.
 */
final class IgnitionFetch {
    /** A file of the Ignition config: its mode and decoded contents. */
    record File(int mode, String contents) {}

    private IgnitionFetch() {}

    static HttpResponse<byte[]> get(int port, String token, String servingCertPem, String serviceName)
            throws IOException, InterruptedException, GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new X509ExtendedTrustManager[] {new ServingCertTrust(servingCertPem, serviceName)}, null);
        HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/ignition"))
                .timeout(Duration.ofSeconds(60));
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The Ignition version and its {@code storage.files} by path. */
    static Map<String, File> files(byte[] ignition, List<String> versionOut) throws IOException {
        JsonNode root = new ObjectMapper().readTree(ignition);
        versionOut.add(root.path("ignition").path("version").asText());
        Map<String, File> files = new LinkedHashMap<>();
        for (JsonNode f : root.path("storage").path("files")) {
            files.put(f.path("path").asText(), new File(f.path("mode").asInt(-1),
                    dataUrl(f.path("contents").path("source").asText())));
        }
        return files;
    }

    /** RFC 2397 {@code data:} URLs, base64 or percent-encoded, as Ignition writes them. */
    static String dataUrl(String url) {
        if (!url.startsWith("data:") || url.indexOf(',') < 0) {
            throw new IllegalArgumentException("not a data URL: " + url);
        }
        String meta = url.substring(5, url.indexOf(','));
        String data = url.substring(url.indexOf(',') + 1);
        return meta.endsWith(";base64") ? new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8)
                : URLDecoder.decode(data, StandardCharsets.UTF_8);
    }

    /**
     * Trusts the one serving certificate (PKIX, no system CAs) and requires {@code serviceName} among its DNS SANs,
     * whatever address was dialled.
     */
    private static final class ServingCertTrust extends X509ExtendedTrustManager {
        private final X509TrustManager pkix;
        private final String serviceName;

        ServingCertTrust(String pem, String serviceName) throws GeneralSecurityException, IOException {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("serving", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            this.pkix = (X509TrustManager) tmf.getTrustManagers()[0];
            this.serviceName = serviceName;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkServerTrusted(chain, authType);
            var sans = chain[0].getSubjectAlternativeNames();
            if (sans == null || sans.stream().noneMatch(s -> Integer.valueOf(2).equals(s.get(0))
                    && serviceName.equals(s.get(1)))) {
                throw new CertificateException("the serving certificate does not name " + serviceName + ": " + sans);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }
}
