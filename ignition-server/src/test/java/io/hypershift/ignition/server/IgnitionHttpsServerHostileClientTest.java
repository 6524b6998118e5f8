package io.hypershift.ignition.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.ignition.payload.PayloadCache;
import io.hypershift.ignition.testing.TestPki;
import io.hypershift.support.http.ServerLimits;
import io.hypershift.support.http.SlowClients;
import io.hypershift.support.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Hostile clients against the ignition-server's HTTPS listener on loopback (issue 16, items 1, 3, 13 and 14): slow
 * handshakes, slow headers, a registry that never answers. No API server: the tokens and the control-plane state are
 * in memory, the payload is a stub that is fast for one token and hangs for another.
 */
@Timeout(120)
class IgnitionHttpsServerHostileClientTest {
    static final String FAST = "fast-token-1";
    static final String SLOW = "slow-token-2";
    static final byte[] PAYLOAD = "{\"ignition\":{\"version\":\"3.2.0\"}}".getBytes(StandardCharsets.UTF_8);
    /** The first bytes of a TLS ClientHello: a record header, then nothing. */
    static final byte[] PARTIAL_HANDSHAKE = {0x16, 0x03, 0x01, 0x00};

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final CountDownLatch registryHangs = new CountDownLatch(1);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private TestPki pki;
    private PayloadPool pool;
    private IgnitionHttpsServer server;

    @BeforeEach
    void setUp() throws Exception {
        pki = TestPki.create("hostile-test-ca");
        KeyPair key = TestPki.ec();
        TestPki.write(dir.resolve("tls"), pki.serverCert(key, "ignition-server"), pki.caCert, key,
                TestPki.KeyFormat.PKCS8);
        ((Logger) LoggerFactory.getLogger(IgnitionHandler.class)).addAppender(logs);
        logs.start();
    }

    @AfterEach
    void tearDown() {
        registryHangs.countDown();
        if (server != null) {
            server.close();
        }
        if (pool != null) {
            pool.close();
        }
        ((Logger) LoggerFactory.getLogger(IgnitionHandler.class)).detachAppender(logs);
    }

    private void start(ServerLimits limits, Duration payloadDeadline) throws Exception {
        TokenStore tokens = new TokenStore();
        for (String t : List.of(FAST, SLOW)) {
            tokens.put(new SecretBuilder().withNewMetadata().withName("token-" + t).endMetadata()
                    .addToData(ControlPlaneContract.IGNITION_TOKEN_KEY,
                            Base64.getEncoder().encodeToString(t.getBytes(StandardCharsets.UTF_8)))
                    .addToData(ControlPlaneContract.IGNITION_TOKEN_RELEASE_KEY,
                            Base64.getEncoder().encodeToString(t.getBytes(StandardCharsets.UTF_8)))
                    .build());
        }
        ControlPlaneSnapshot state = new ControlPlaneSnapshot("quay.io/r@sha256:" + "a".repeat(64), new byte[0], "ps",
                null);
        // the fast token's release is answered at once; the slow one's sits on a registry that never answers
        PayloadCache cache = new PayloadCache(clock, Duration.ofMinutes(10), 16);
        IgnitionHandler.Payloads payloads = (token, s, p) -> cache.lookup(
                new PayloadCache.Key(token.tokenHash(), token.releaseImage(), "", List.of(), ""), () -> p.submit(() -> {
                    if (token.releaseImage().equals(SLOW)) {
                        registryHangs.await(60, TimeUnit.SECONDS);
                    }
                    return PAYLOAD;
                })).thenApply(PayloadCache.Result::payload);
        pool = new PayloadPool(2, 4, payloadDeadline);
        SSLContext tls = IgnitionHttpsServer.tls(dir.resolve("tls/tls.crt"), dir.resolve("tls/tls.key"), clock,
                Duration.ofMinutes(1));
        server = IgnitionHttpsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tls,
                new IgnitionHandler(tokens, () -> state, payloads, pool, new ServerMetrics(meters, tokens::size), clock),
                limits);
    }

    private HttpClient client() throws Exception {
        return HttpClient.newBuilder().sslContext(pki.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private HttpRequest request(String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + server.address().getPort()
                + IgnitionHandler.PATH)).timeout(Duration.ofSeconds(20));
        return token == null ? b.build() : b.header("Authorization", "Bearer " + token).build();
    }

    /** Status and milliseconds of one request on a new connection (TLS handshake included). */
    private long[] timed(String token) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = client().send(request(token), HttpResponse.BodyHandlers.ofByteArray());
        return new long[] {r.statusCode(), (System.nanoTime() - t0) / 1_000_000};
    }

    @Test
    void whenFiveHundredConnectionsStallInTheHandshakeOrTheHeaders_aValidClientShouldStillBeServedWithinOneSecond()
            throws Exception {
        start(ServerLimits.ignition(), Duration.ofSeconds(9));
        timed(FAST); // warm the client and server code paths once
        try (SlowClients handshakes = SlowClients.open(server.address(), 250, PARTIAL_HANDSHAKE);
                SlowClients bytes = SlowClients.open(server.address(), 250, new byte[] {'G'})) {
            long[] served = timed(FAST);
            long[] refused = timed(null);
            System.out.printf("[ignition] %d slow connections open: 200 in %d ms, 401 in %d ms%n",
                    handshakes.size() + bytes.size(), served[1], refused[1]);
            assertThat(served[0]).isEqualTo(200);
            assertThat(refused[0]).isEqualTo(401);
            assertThat(served[1]).isLessThan(1000);
            assertThat(refused[1]).isLessThan(1000);
        }
    }

    @Test
    void whenAClientStallsInTheHandshake_itShouldBeDisconnectedAtTheHeaderTimeout() throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        start(ServerLimits.ignition().withHeaderTimeout(timeout), Duration.ofSeconds(9));
        try (SlowClients slow = SlowClients.open(server.address(), 5, PARTIAL_HANDSHAKE)) {
            long t0 = System.nanoTime();
            assertThat(slow.closedByServer(Duration.ofSeconds(20))).isEqualTo(5);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(ServerLimits.ignition().idleTimeout());
        }
    }

    @Test
    void whenARegistryHangs_otherTokensAnd401sShouldStillBeServedAndTheStuckOnesGet503AtTheDeadline()
            throws Exception {
        start(ServerLimits.ignition(), Duration.ofSeconds(3));
        HttpClient http = client();
        List<CompletableFuture<HttpResponse<Void>>> stuck = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            stuck.add(http.sendAsync(request(SLOW), HttpResponse.BodyHandlers.discarding()));
        }
        Thread.sleep(300); // let them reach the handler
        long[] refused = timed("nope");
        long[] served = timed(FAST);
        assertThat(refused[0]).isEqualTo(401);
        assertThat(served[0]).as("another release's payload while one registry hangs").isEqualTo(200);
        assertThat(refused[1]).isLessThan(1000);
        assertThat(served[1]).isLessThan(1000);
        for (CompletableFuture<HttpResponse<Void>> f : stuck) {
            HttpResponse<Void> r = f.get(20, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue(IgnitionHandler.RETRY_AFTER_SECONDS);
        }
    }

    @Test
    void whenManyRequestsAreUnauthorized_theLogShouldAggregateThemAndTheMetricCountEach() throws Exception {
        start(ServerLimits.ignition(), Duration.ofSeconds(9));
        HttpClient http = client();
        for (int i = 0; i < 50; i++) {
            assertThat(http.send(request("wrong-" + i), HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(401);
        }
        clock.advance(IgnitionHandler.UNAUTHORIZED_LOG_INTERVAL.plusSeconds(1));
        http.send(request(null), HttpResponse.BodyHandlers.discarding());
        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("401")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("49 more 401s");
        assertThat(meters.get("hypershift.ignition.requests").tag("code", "401").counter().count()).isEqualTo(51.0);
    }

    @Test
    void whenManyRequestsAreServed_eachShouldBeLoggedAtDebugAndOnlyOneLineAMinuteAtInfo() throws Exception {
        Logger handler = (Logger) LoggerFactory.getLogger(IgnitionHandler.class);
        Level level = handler.getLevel();
        handler.setLevel(Level.DEBUG);
        try {
            start(ServerLimits.ignition(), Duration.ofSeconds(9));
            HttpClient http = client();
            for (int i = 0; i < 50; i++) {
                assertThat(http.send(request(FAST), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            }
            clock.advance(IgnitionHandler.SERVED_LOG_INTERVAL.plusSeconds(1));
            assertThat(http.send(request(FAST), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        } finally {
            handler.setLevel(level);
        }
        List<ILoggingEvent> served = logs.list.stream().filter(e -> e.getFormattedMessage().startsWith("200")).toList();
        assertThat(served).hasSize(51);
        List<String> info = served.stream().filter(e -> e.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(info).as("the first 200, then one line a minute with the count").hasSize(2);
        assertThat(info.get(0)).startsWith("200 for token Secret token-" + FAST + " from ");
        assertThat(info.get(1)).contains("49 more 200s");
        assertThat(served).filteredOn(e -> e.getLevel() == Level.DEBUG).hasSize(49);
        assertThat(meters.get("hypershift.ignition.requests").tag("code", "200").counter().count()).isEqualTo(51.0);
    }

    @Test
    void whenAClientOffersOnlyNonForwardSecretOrCbcSuites_theHandshakeShouldFail() throws Exception {
        start(ServerLimits.ignition(), Duration.ofSeconds(9));
        SSLContext tls = pki.clientContext();
        List<String> accepted = new ArrayList<>();
        for (String suite : List.of("TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
            try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
                    .createSocket("localhost", server.address().getPort())) {
                s.setSoTimeout(5000);
                s.setEnabledProtocols(new String[] {"TLSv1.2"});
                s.setEnabledCipherSuites(new String[] {suite});
                s.startHandshake();
                accepted.add(suite);
            } catch (java.io.IOException e) {
                // refused
            }
        }
        assertThat(accepted).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    }
}
