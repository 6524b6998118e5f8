package io.hypershift.ignition;

import static io.hypershift.support.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hypershift.api.Annotations;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.ignition.config.IgnitionServerOptions;
import io.hypershift.ignition.payload.IgnitionDocument;
import io.hypershift.ignition.payload.NodePayload;
import io.hypershift.ignition.payload.PayloadGenerator;
import io.hypershift.ignition.testing.TestPki;
import io.hypershift.ignition.translate.RegistryBackends;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.testing.MutableClock;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import io.hypershift.support.releaseinfo.LocatedImage;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.releaseinfo.ReleaseProvider;
import io.hypershift.support.releaseinfo.StaticReleaseProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The ignition-server end to end over real HTTPS, with a client that trusts only the test CA, on a real API server
 * ({@code @KubeTest}: kube-apiserver + etcd by default; one namespace per test). The release provider and image
 * locator are in-memory {@link RegistryBackends} here: translation against real registries is
 * {@code LiveTranslationTest}'s subject.
 */
@KubeTest
class IgnitionServerHttpsTest {
    static final String RELEASE = "quay.io/openshift-release-dev/ocp-release@sha256:" + "a".repeat(64);
    static final String ART = "quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:";
    static final String PULL_SECRET = "{\"auths\":{\"mirror.example.com\":{\"auth\":\"dXNlcjpzZWNyZXQ=\"}}}";
    static final String TOKEN = "6a3f1c0e-first-token";
    static final String TOKEN2 = "9b7e2d4f-second-token";

    private KubernetesClient client;
    private static String NS;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private TestPki pki;
    private IgnitionServerApp app;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void setUp(KubeContext kube) throws Exception {
        client = kube.client();
        NS = kube.namespace();
        System.out.println("[ignition] backend " + kube.backendName() + ", namespace " + NS + ", TLS with a test CA");
        pki = TestPki.create("ignition-test-ca");
        KeyPair key = TestPki.ec();
        TestPki.write(dir.resolve("tls"), pki.serverCert(key, "ignition-server"), pki.caCert, key, TestPki.KeyFormat.PKCS8);
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        logs.start();
        // the server's own DEBUG lines too (each 200 is one): none may carry a token either
        ((Logger) LoggerFactory.getLogger("io.hypershift.ignition")).setLevel(Level.DEBUG);

        client.resource(hcp(List.of(new ImageContentSource("quay.io/openshift-release-dev/ocp-v4.0-art-dev",
                List.of("mirror.example.com/ocp/art-dev"))))).create();
        client.resource(secret(ControlPlaneContract.PULL_SECRET_NAME, Map.of(), ControlPlaneContract.PULL_SECRET_KEY,
                PULL_SECRET)).create();
        client.resource(tokenSecret(TOKEN)).create();
        app = start();
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        ((Logger) LoggerFactory.getLogger("io.hypershift.ignition")).setLevel(null);
        assertThat(logs.list).as("no log line carries a token or the pull secret")
                .noneMatch(e -> e.getFormattedMessage().contains(TOKEN) || e.getFormattedMessage().contains(TOKEN2)
                        || e.getFormattedMessage().contains("dXNlcjpzZWNyZXQ="));
    }

    private IgnitionServerApp start() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        IgnitionServerOptions o = new IgnitionServerOptions(NS, dir.resolve("tls/tls.crt"), dir.resolve("tls/tls.key"),
                loopback, Optional.of(loopback), Optional.of(loopback), null, MirrorOverrides.empty(), List.of(),
                PayloadGenerator.DEFAULT_NODE_COMPONENTS, Duration.ofMinutes(10), RegistryClientOptions.defaults());
        return IgnitionServerApp.start(o, client, new InMemoryBackends(), clock);
    }

    /** In-memory backends: one known release; every component is served by the first mirror. */
    static final class InMemoryBackends implements RegistryBackends {
        @Override
        public Lookups lookups(MirrorOverrides overrides, MirrorOverrides tagMirrors) {
            ReleaseProvider releases = new StaticReleaseProvider(Map.of(RELEASE, new ReleaseImage(RELEASE, RELEASE,
                    "sha256:" + "a".repeat(64), "4.16.0", Map.of("machine-config-operator", ART + "1".repeat(64),
                            "pod", ART + "2".repeat(64), "haproxy-router", ART + "3".repeat(64)), Map.of())));
            return new Lookups(releases, (image, ps) -> new LocatedImage(image, image.replace(
                    "quay.io/openshift-release-dev/ocp-v4.0-art-dev", "mirror.example.com/ocp/art-dev"),
                    image.substring(image.indexOf('@') + 1)));
        }
    }

    static HostedControlPlane hcp(List<ImageContentSource> sources) {
        HostedControlPlane h = new HostedControlPlane();
        h.getMetadata().setName("example");
        h.getMetadata().setNamespace(NS);
        h.getSpec().setReleaseImage(RELEASE);
        h.getSpec().setPullSecret(new LocalObjectReference(ControlPlaneContract.PULL_SECRET_NAME));
        h.getSpec().setImageContentSources(sources);
        return h;
    }

    static Secret secret(String name, Map<String, String> labels, String key, String value) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(labels).endMetadata()
                .addToData(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))).build();
    }

    static Secret tokenSecret(String token) {
        return secret(ControlPlaneContract.IGNITION_TOKEN_SECRET, Map.of(Annotations.IGNITION_TOKEN_SECRET_LABEL, "true"),
                ControlPlaneContract.IGNITION_TOKEN_KEY, token);
    }

    private HttpResponse<byte[]> get(SSLContext tls, String path, String authorization) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder req = HttpRequest.newBuilder(
                URI.create("https://localhost:" + app.httpsAddress().getPort() + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> ignition(String token) throws Exception {
        return get(pki.clientContext(), "/ignition", token == null ? null : "Bearer " + token);
    }

    private int status(String token) {
        try {
            return ignition(token).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void whenTheTokenIsKnown_itShouldServeAValidIgnitionDocument() throws Exception {
        HttpResponse<byte[]> r = ignition(TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        Map<String, IgnitionDocument.File> files = IgnitionDocument.validate(r.body());
        assertThat(files.get(NodePayload.KUBELET_PULL_SECRET).mode()).isEqualTo(0600);
        assertThat(files.get(NodePayload.KUBELET_PULL_SECRET).text()).isEqualTo(PULL_SECRET);
        JsonNode conf = new TomlMapper().readTree(files.get(NodePayload.REGISTRIES_CONF).text());
        assertThat(conf.get("registry").get(0).get("location").asText()).isEqualTo("quay.io/openshift-release-dev/ocp-v4.0-art-dev");
        JsonNode release = new ObjectMapper().readTree(files.get(NodePayload.RELEASE_JSON).contents());
        assertThat(release.get("version").asText()).isEqualTo("4.16.0");
        assertThat(release.at("/components/pod/image").asText()).startsWith("mirror.example.com/ocp/art-dev@sha256:");
    }

    @Test
    void whenTheTokenIsUnknownOrMissing_itShouldAnswer401WithAnEmptyBody() throws Exception {
        for (String auth : new String[] {"Bearer wrong-token", "Bearer " + TOKEN + "x", "Basic " + TOKEN, null}) {
            HttpResponse<byte[]> r = get(pki.clientContext(), "/ignition", auth);
            assertThat(r.statusCode()).as("Authorization: %s", auth == null ? "(none)" : auth.split(" ")[0]).isEqualTo(401);
            assertThat(r.body()).isEmpty();
        }
        assertThat(get(pki.clientContext(), "/other", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void whenTheTokenIsRotated_theNewOneShouldWorkWithoutARestart() throws Exception {
        assertThat(status(TOKEN)).isEqualTo(200);
        client.resource(tokenSecret(TOKEN2)).update();
        await("the rotated token to be accepted", () -> status(TOKEN2) == 200);
        assertThat(status(TOKEN)).isEqualTo(401);
        // HyperShift's rotation keeps the previous token in old_token for a while
        Secret both = tokenSecret(TOKEN2);
        both.getData().put(ControlPlaneContract.IGNITION_OLD_TOKEN_KEY,
                Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)));
        client.resource(both).update();
        await("old_token to be accepted", () -> status(TOKEN) == 200);
        client.secrets().inNamespace(NS).withName(ControlPlaneContract.IGNITION_TOKEN_SECRET).delete();
        await("the deleted Secret's tokens to be refused", () -> status(TOKEN2) == 401);
    }

    @Test
    void whenImageContentSourcesChange_thePayloadShouldBeRegeneratedAndOtherwiseServedFromTheCache() throws Exception {
        String before = IgnitionDocument.validate(ignition(TOKEN).body()).get(NodePayload.REGISTRIES_CONF).text();
        assertThat(status(TOKEN)).isEqualTo(200);
        HostedControlPlane changed = hcp(List.of(new ImageContentSource("registry.redhat.io", List.of("mirror.example.com/redhat"))));
        changed.getMetadata().setAnnotations(Map.of(Annotations.IMAGE_CONTENT_SOURCES_NEVER_CONTACT_SOURCE, "registry.redhat.io"));
        client.resource(changed).update();
        await("registries.conf to follow imageContentSources", () -> {
            try {
                String now = IgnitionDocument.validate(ignition(TOKEN).body()).get(NodePayload.REGISTRIES_CONF).text();
                return now.contains("location = \"registry.redhat.io\"") && now.contains("blocked = true");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(before).doesNotContain("registry.redhat.io");
        String metrics = app.scrape();
        assertThat(metric(metrics, "hypershift_ignition_payload_cache_hits_total")).isGreaterThanOrEqualTo(1.0);
        assertThat(metric(metrics, "hypershift_ignition_payload_cache_misses_total")).isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void whenTheControlPlaneIsIncomplete_itShouldAnswer503AndRetryAfter() throws Exception {
        client.resources(HostedControlPlane.class).inNamespace(NS).withName("example").delete();
        await("the HostedControlPlane to leave the cache", () -> status(TOKEN) == 503);
        HttpResponse<byte[]> r = ignition(TOKEN);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain(PULL_SECRET);
    }

    @Test
    void whenTheClientDoesNotTrustTheServingCa_theHandshakeShouldFail() throws Exception {
        SSLContext other = TestPki.create("another-ca").clientContext();
        assertThatThrownBy(() -> get(other, "/ignition", "Bearer " + TOKEN)).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void whenTheServingCertificateIsRotated_newConnectionsShouldGetTheNewOneWithoutARestart() throws Exception {
        TestPki rotated = TestPki.create("rotated-ca");
        KeyPair key = TestPki.rsa();
        TestPki.write(dir.resolve("tls"), rotated.serverCert(key, "ignition-server"), rotated.caCert, key,
                TestPki.KeyFormat.TRADITIONAL);
        FileTime later = FileTime.from(Instant.now().plusSeconds(5));
        Files.setLastModifiedTime(dir.resolve("tls/tls.crt"), later);
        Files.setLastModifiedTime(dir.resolve("tls/tls.key"), later);
        clock.advance(IgnitionServerApp.CERT_CHECK_INTERVAL.plusSeconds(1));
        // the first handshake after the interval reloads; the old CA no longer verifies the server
        assertThatThrownBy(() -> get(pki.clientContext(), "/ignition", "Bearer " + TOKEN))
                .isInstanceOf(SSLHandshakeException.class);
        assertThat(get(rotated.clientContext(), "/ignition", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void whenScraped_metricsShouldCountRequestsByCodeAndTimeGeneration() throws Exception {
        ignition(TOKEN);
        ignition(TOKEN);
        ignition("nope");
        HttpClient http = HttpClient.newHttpClient();
        int port = app.probes().metricsAddress().orElseThrow().getPort();
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("hypershift_ignition_requests_total{code=\"200\"} 2.0")
                .contains("hypershift_ignition_requests_total{code=\"401\"} 1.0")
                .contains("hypershift_ignition_payload_generation_seconds_count{outcome=\"success\"} 1")
                .contains("hypershift_ignition_payload_cache_hits_total 1.0")
                .contains("hypershift_ignition_tokens 1.0");
        int healthPort = app.probes().healthAddress().orElseThrow().getPort();
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private static double metric(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
