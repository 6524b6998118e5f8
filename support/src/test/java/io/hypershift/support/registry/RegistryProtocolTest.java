package io.hypershift.support.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hypershift.support.imageref.ImageReference;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Protocol behaviour the Debian registry cannot be made to show (a bearer token service, 5xx, redirects to another
 * host, a stalled body), on the JDK's HTTP server on 127.0.0.1 over real HTTP. The client is the production one,
 * with the server's host marked insecure so it speaks plain HTTP (after an HTTPS probe that the JDK server never
 * answers, bounded by the 300 ms connect timeout).
 */
class RegistryProtocolTest {
    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":2},\"layers\":[]}";
    private static final String SECRET = "tok-pass-5e1d";

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    /** A server whose handler maps the exchange to (status, headers, body); every request is logged. */
    private String serve(Function<HttpExchange, Object[]> handler) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            log.add(ex.getRequestMethod() + " " + ex.getRequestURI() + (auth == null ? "" : " auth=" + auth));
            Object[] r = handler.apply(ex);
            @SuppressWarnings("unchecked")
            Map<String, String> headers = (Map<String, String>) r[1];
            headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] body = ((String) r[2]).getBytes(StandardCharsets.UTF_8);
            if (r.length > 3) {
                ex.sendResponseHeaders((int) r[0], body.length + 100); // promise more than will come
                ex.getResponseBody().write(body);
                ex.getResponseBody().flush();
                sleep((long) r[3]);
            } else {
                ex.sendResponseHeaders((int) r[0], body.length == 0 ? -1 : body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        s.start();
        servers.add(s);
        return "127.0.0.1:" + s.getAddress().getPort();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RegistryClient client(String... insecure) {
        RegistryClientOptions o = RegistryClientOptions.defaults().withInsecureHosts(java.util.Set.of(insecure))
                .withRetries(3, Duration.ofMillis(1)).withTimeouts(Duration.ofMillis(300), Duration.ofMillis(500));
        return new RegistryClient(o, Clock.systemUTC(), d -> { });
    }

    private static Object[] ok(String body) {
        return new Object[] {200, Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json"), body};
    }

    private static DockerConfig secret(String host) {
        String auth = java.util.Base64.getEncoder().encodeToString(("robot:" + SECRET).getBytes(StandardCharsets.UTF_8));
        return DockerConfig.parse(("{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}").getBytes(StandardCharsets.UTF_8), "t");
    }

    @Test
    @DisplayName("When the registry sends a bearer challenge, it should get a token for the repository's pull scope "
            + "with the pull secret's credentials, use it, and reuse it for the next request")
    void bearerChallenge() throws Exception {
        String[] tokenHost = new String[1];
        tokenHost[0] = serve(ex -> {
            authorizations.put("token", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            return new Object[] {200, Map.of("Content-Type", "application/json"), "{\"token\":\"T0K3N\",\"expires_in\":300}"};
        });
        String registry = serve(ex -> "Bearer T0K3N".equals(ex.getRequestHeaders().getFirst("Authorization"))
                ? ok(MANIFEST)
                : new Object[] {401, Map.of("WWW-Authenticate", "Bearer realm=\"http://" + tokenHost[0]
                        + "/token\",service=\"reg.test\",scope=\"repository:team/app:pull\""), ""});
        RegistryClient client = client(registry, tokenHost[0]);
        ImageReference ref = ImageReference.parse(registry + "/team/app:1");

        client.manifestDigest(ref, secret(registry));
        client.manifestDigest(ref, secret(registry));

        assertThat(log).containsExactly(
                "GET /v2/team/app/manifests/1",
                "GET /token?service=reg.test&scope=repository%3Ateam%2Fapp%3Apull auth=" + secret(registry)
                        .credentialsFor(ref).orElseThrow().basicAuthorization(),
                "GET /v2/team/app/manifests/1 auth=Bearer T0K3N",
                "GET /v2/team/app/manifests/1 auth=Bearer T0K3N");
    }

    @Test
    @DisplayName("When the token service rejects the credentials, it should say so naming the registry and user, "
            + "never the password")
    void tokenServiceRejects() throws Exception {
        String tokenHost = serve(ex -> new Object[] {401, Map.of(), "{\"details\":\"bad creds\"}"});
        String registry = serve(ex -> new Object[] {401, Map.of("WWW-Authenticate", "Bearer realm=\"http://" + tokenHost
                + "/token\",service=\"reg.test\""), ""});
        assertThatThrownBy(() -> client(registry, tokenHost).manifestDigest(
                ImageReference.parse(registry + "/team/app:1"), secret(registry)))
                .isInstanceOf(RegistryAuthException.class)
                .hasMessageContaining("unauthorized: registry " + registry + " repository team/app")
                .hasMessageContaining("rejected the pull secret's credentials for " + registry + " (user robot)")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    @DisplayName("When the token service sends a token that cannot be an HTTP header value, it should fail as a bad "
            + "response naming the registry, never echoing the token")
    void tokenWithControlCharacters() throws Exception {
        String tokenHost = serve(ex -> new Object[] {200, Map.of("Content-Type", "application/json"),
                "{\"token\":\"T0K\\nLEAKED-T0K3N\"}"});
        String registry = serve(ex -> new Object[] {401, Map.of("WWW-Authenticate", "Bearer realm=\"http://" + tokenHost
                + "/token\",service=\"reg.test\""), ""});
        assertThatThrownBy(() -> client(registry, tokenHost).manifestDigest(
                ImageReference.parse(registry + "/team/app:1"), secret(registry)))
                .isInstanceOf(RegistryResponseException.class)
                .hasMessageContaining("registry " + registry + " repository team/app")
                .hasMessageContaining("token service 127.0.0.1 sent a token that is not a valid HTTP header value")
                .hasMessageNotContaining("LEAKED-T0K3N");
    }

    @Test
    @DisplayName("When a redirect points at something other than an http(s) URL, it should fail as a bad response "
            + "naming the registry")
    void redirectToOtherScheme() throws Exception {
        String registry = serve(ex -> new Object[] {302, Map.of("Location", "ftp://files.example/blob"), ""});
        assertThatThrownBy(() -> client(registry).manifestDigest(ImageReference.parse(registry + "/a/b:1"),
                DockerConfig.empty()))
                .isInstanceOf(RegistryResponseException.class)
                .hasMessage("registry " + registry + " repository a/b: HTTP 302: redirect to a Location that is not an "
                        + "http(s) URL");
    }

    @Test
    @DisplayName("When credentials would go to a plain-HTTP token realm of a TLS registry, it should refuse")
    void plainRealmForSecureRegistry() throws Exception {
        RegistryAuth auth = new RegistryAuth(new RegistryHttp(RegistryClientOptions.defaults(), d -> { }), Clock.systemUTC());
        assertThatThrownBy(() -> auth.answer("secure.example", "a/b", "Bearer realm=\"http://auth.example/token\"",
                secret("secure.example").credentialsFor("secure.example")))
                .isInstanceOf(RegistryAuthException.class).hasMessageContaining("refusing to send credentials");
    }

    @Test
    @DisplayName("When an insecure registry names a plain-HTTP token realm on another host that is not marked "
            + "insecure, it should refuse to send the credentials there")
    void plainRealmOnAnotherHostNotMarkedInsecure() throws Exception {
        String tokenHost = serve(ex -> new Object[] {200, Map.of("Content-Type", "application/json"),
                "{\"token\":\"T0K3N\"}"});
        String registry = serve(ex -> new Object[] {401, Map.of("WWW-Authenticate", "Bearer realm=\"http://" + tokenHost
                + "/token\",service=\"reg.test\""), ""});
        assertThatThrownBy(() -> client(registry).manifestDigest(ImageReference.parse(registry + "/team/app:1"),
                secret(registry)))
                .isInstanceOf(RegistryAuthException.class)
                .hasMessageContaining("refusing to send credentials to the plain-HTTP token realm " + tokenHost
                        + ", another host than the registry's that is not marked insecure itself");
        assertThat(log).as("nothing reached the token host").noneMatch(l -> l.startsWith("GET /token"));
    }

    @Test
    @DisplayName("When the token realm is on another host, it should log that once at INFO, naming both hosts")
    void crossHostRealmLoggedOnce() throws Exception {
        String tokenHost = serve(ex -> new Object[] {200, Map.of("Content-Type", "application/json"),
                "{\"token\":\"T0K3N\",\"expires_in\":1}"});
        String registry = serve(ex -> "Bearer T0K3N".equals(ex.getRequestHeaders().getFirst("Authorization"))
                ? ok(MANIFEST)
                : new Object[] {401, Map.of("WWW-Authenticate", "Bearer realm=\"http://" + tokenHost + "/token\""), ""});
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger(RegistryAuth.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            RegistryClient c = client(registry, tokenHost);
            c.manifestDigest(ImageReference.parse(registry + "/team/app:1"), secret(registry));
            c.manifestDigest(ImageReference.parse(registry + "/team/other:1"), secret(registry));
        } finally {
            logger.detachAppender(lines);
        }
        assertThat(lines.list).as("two token requests, one line").hasSize(1);
        assertThat(lines.list.get(0).getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
        assertThat(lines.list.get(0).getFormattedMessage()).contains(registry).contains(tokenHost)
                .doesNotContain(SECRET);
    }

    @Test
    @DisplayName("When a registry's error body holds control characters and a newline, the message should carry "
            + "neither, and be bounded")
    void errorBodyIsSanitised() throws Exception {
        String registry = serve(ex -> new Object[] {404, Map.of("Content-Type", "application/json"),
                "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"\\u001b[2J\\nINFO forged " + "x".repeat(2000)
                        + "\"}]}"});
        assertThatThrownBy(() -> client(registry).manifestDigest(ImageReference.parse(registry + "/a/b:1"),
                DockerConfig.empty()))
                .isInstanceOf(ImageNotFoundException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b").doesNotContain("\n")
                        .contains("MANIFEST_UNKNOWN: ?[2J INFO forged xxx").contains("more characters)")
                        .hasSizeLessThan(1000));
    }

    @Test
    @DisplayName("When the registry answers 5xx, it should retry up to the bound; when it answers 4xx, never")
    void retries() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String flaky = serve(ex -> calls.incrementAndGet() < 3 ? new Object[] {503, Map.of(), ""} : ok(MANIFEST));
        assertThat(client(flaky).manifestDigest(ImageReference.parse(flaky + "/a/b:1"), DockerConfig.empty()))
                .isEqualTo(Digests.sha256(MANIFEST.getBytes(StandardCharsets.UTF_8)));
        assertThat(calls).hasValue(3);

        AtomicInteger down = new AtomicInteger();
        String broken = serve(ex -> {
            down.incrementAndGet();
            return new Object[] {500, Map.of(), "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"disk on fire\"}]}"};
        });
        assertThatThrownBy(() -> client(broken).manifestDigest(ImageReference.parse(broken + "/a/b:1"), DockerConfig.empty()))
                .isInstanceOf(RegistryResponseException.class)
                .hasMessageContaining("registry " + broken + " repository a/b: HTTP 500")
                .hasMessageContaining("UNKNOWN: disk on fire");
        assertThat(down).hasValue(3);

        AtomicInteger denied = new AtomicInteger();
        String forbidden = serve(ex -> {
            denied.incrementAndGet();
            return new Object[] {403, Map.of(), "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"nope\"}]}"};
        });
        assertThatThrownBy(() -> client(forbidden).manifestDigest(ImageReference.parse(forbidden + "/a/b:1"), DockerConfig.empty()))
                .isInstanceOf(RegistryAuthException.class).hasMessageContaining("DENIED: nope");
        assertThat(denied).hasValue(1);
    }

    @Test
    @DisplayName("When a blob redirects to another host, it should follow without the Authorization header")
    void redirectDropsAuthorization() throws Exception {
        String blob = "layer bytes";
        String digest = Digests.sha256(blob.getBytes(StandardCharsets.UTF_8));
        String cdn = serve(ex -> new Object[] {200, Map.of(), blob});
        String registry = serve(ex -> ex.getRequestHeaders().getFirst("Authorization") == null
                ? new Object[] {401, Map.of("WWW-Authenticate", "Basic realm=\"r\""), ""}
                : new Object[] {307, Map.of("Location", "http://" + cdn + "/blob-store/x?sig=1"), ""});
        try (var in = client(registry, cdn).openBlob(ImageReference.parse(registry + "/a/b"), digest, secret(registry))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(blob);
        }
        assertThat(log).last().isEqualTo("GET /blob-store/x?sig=1");
        assertThat(log).filteredOn(l -> l.startsWith("GET /v2/")).last().asString().contains("auth=Basic ");
    }

    @Test
    @DisplayName("When it logs at DEBUG through a token exchange, a redirect and retries, no line should carry the "
            + "password, the basic header, the token or a signed URL's query")
    void logsCarryNoSecret() throws Exception {
        String blob = "layer bytes for the log test";
        String digest = Digests.sha256(blob.getBytes(StandardCharsets.UTF_8));
        AtomicInteger cdnCalls = new AtomicInteger();
        String cdn = serve(ex -> cdnCalls.incrementAndGet() == 1 ? new Object[] {503, Map.of(), ""}
                : new Object[] {200, Map.of(), blob});
        String tokenHost = serve(ex -> new Object[] {200, Map.of("Content-Type", "application/json"),
                "{\"token\":\"T0K3N-5ECRET\",\"expires_in\":300}"});
        String registry = serve(ex -> "Bearer T0K3N-5ECRET".equals(ex.getRequestHeaders().getFirst("Authorization"))
                ? new Object[] {307, Map.of("Location", "http://" + cdn + "/blob-store/x?X-Amz-Signature=SIG5ECRET"), ""}
                : new Object[] {401, Map.of("WWW-Authenticate", "Bearer realm=\"http://" + tokenHost + "/token\""), ""});
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger("io.hypershift.support.registry");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        logger.addAppender(lines);
        try (var in = client(registry, tokenHost, cdn).openBlob(ImageReference.parse(registry + "/a/b"), digest,
                secret(registry))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(blob);
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(level);
        }
        String basic = secret(registry).credentialsFor(registry).orElseThrow().basicAuthorization();
        List<String> text = lines.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        assertThat(text).as("the retry of the CDN request is logged").anyMatch(l -> l.contains(cdn) && l.contains("503"));
        assertThat(text).noneMatch(l -> l.contains(SECRET) || l.contains(basic.substring(6)) || l.contains("T0K3N-5ECRET")
                || l.contains("SIG5ECRET"));
    }

    @Test
    @DisplayName("When the certificate is signed by a trusted CA but names another host, it should fail with a TLS "
            + "error, and succeed only once the registry is marked insecure")
    void hostnameVerified(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path ca = io.hypershift.support.testing.TestCertificates.selfSignedCa(dir, "ca");
        java.nio.file.Path p12 = io.hypershift.support.testing.TestCertificates.serverPkcs12(dir, "ca", "server",
                "DNS:elsewhere.example");
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        com.sun.net.httpserver.HttpsServer s = com.sun.net.httpserver.HttpsServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(ssl));
        s.createContext("/", ex -> {
            byte[] body = MANIFEST.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        s.start();
        servers.add(s);
        String host = "127.0.0.1:" + s.getAddress().getPort();
        ImageReference ref = ImageReference.parse(host + "/a/b:1");

        RegistryClientOptions trusted = RegistryClientOptions.defaults().withCaBundle(ca)
                .withRetries(1, Duration.ZERO).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThatThrownBy(() -> new RegistryClient(trusted).manifestDigest(ref, DockerConfig.empty()))
                .isInstanceOf(RegistryTlsException.class)
                .hasMessageContaining("TLS handshake with registry " + host)
                .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
        assertThat(new RegistryClient(trusted.withInsecureHosts(java.util.Set.of(host))).manifestDigest(ref,
                DockerConfig.empty())).isEqualTo(Digests.sha256(MANIFEST.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("When a body stalls longer than the read timeout, it should fail as a connection error, not hang")
    void readTimeout() throws Exception {
        // the JVM's first TLS/HTTP client use costs seconds (JSSE start-up); pay it before measuring
        // with a generous read timeout, so that a loaded machine does not fail the warm-up itself
        String fast = serve(ex -> ok(MANIFEST));
        new RegistryClient(RegistryClientOptions.defaults().withInsecureHosts(java.util.Set.of(fast))
                .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(10)), Clock.systemUTC(), d -> { })
                .manifestDigest(ImageReference.parse(fast + "/a/b:1"), DockerConfig.empty());
        String stalled = serve(ex -> new Object[] {200, Map.of(), "{\"schemaVersion\":", 10_000L});
        long start = System.nanoTime();
        assertThatThrownBy(() -> client(stalled).manifestDigest(ImageReference.parse(stalled + "/a/b:1"), DockerConfig.empty()))
                .isInstanceOf(RegistryConnectionException.class)
                .hasMessageContaining("cannot reach registry " + stalled)
                .hasMessageContaining("timed out");
        // the server holds the body for 10 s; the 500 ms read timeout ends the wait long before
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
