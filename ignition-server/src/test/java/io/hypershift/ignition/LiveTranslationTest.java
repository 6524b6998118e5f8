package io.hypershift.ignition;

import static io.hypershift.support.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hypershift.api.Annotations;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.ignition.config.IgnitionServerOptions;
import io.hypershift.ignition.payload.IgnitionDocument;
import io.hypershift.ignition.payload.NodePayload;
import io.hypershift.ignition.testing.TestPki;
import io.hypershift.ignition.translate.RegistryBackends;
import io.hypershift.support.registry.RegistryClientOptions;
import io.hypershift.support.testing.LocalRegistry;
import io.hypershift.support.testing.Processes;
import io.hypershift.support.testing.ReleaseFixture;
import io.hypershift.support.testing.RepoRoot;
import io.hypershift.support.testing.Skopeo;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live translation against real registries (SPEC §5/§6/§8): Debian docker-registry on 127.0.0.1, TLS from one test
 * CA, bcrypt auth on the source and the mirror; the release (with the three node components) pushed to the source
 * and copied to the mirror by {@code hack/mirror.sh} (skopeo, digests preserved). The source is then stopped, so only
 * the mirror can serve anything. Kubernetes: {@code @KubeTest} (kube-apiserver + etcd by default). The ignition-server
 * runs with {@link RegistryBackends#live}, the registry client the binary uses.
 */
@KubeTest
class LiveTranslationTest {
    @RegisterExtension
    static final LocalRegistry source = LocalRegistry.named("source").tls().auth("alice", "source-pass");
    @RegisterExtension
    static final LocalRegistry mirror = LocalRegistry.named("mirror").tls().auth("bob", "mirror-pass");
    @RegisterExtension
    static final LocalRegistry empty = LocalRegistry.named("empty-mirror").tls();

    static final String TOKEN = "live-translation-token";
    static ReleaseFixture.Release release;

    @TempDir
    Path dir;

    private KubernetesClient client;
    private String ns;
    private TestPki pki;
    private IgnitionServerApp app;

    @BeforeAll
    static void mirrorARelease() throws Exception {
        release = ReleaseFixture.builder().version("4.16.3")
                .componentNames("machine-config-operator", "pod", "haproxy-router").pushTo(source);
        Path policies = mirror.dir().resolveSibling("policies");
        List<String> cmd = new ArrayList<>(List.of("bash", RepoRoot.script("mirror.sh").toString(),
                "--release", release.pullSpec(), "--to", mirror.hostPort(), "--output", policies.toString()));
        cmd.addAll(Skopeo.transport("src", source));
        cmd.addAll(Skopeo.transport("dest", mirror));
        Processes.run(cmd, Duration.ofSeconds(120));
    }

    @BeforeEach
    void setUp(KubeContext kube) throws Exception {
        client = kube.client();
        ns = kube.namespace();
        System.out.println("[ignition] backend " + kube.backendName() + "; registries: source " + source.hostPort()
                + " (stopped during the test), mirror " + mirror.hostPort() + ", empty mirror " + empty.hostPort()
                + ", all TLS");
        pki = TestPki.create("ignition-serving-ca");
        KeyPair key = TestPki.ec();
        TestPki.write(dir.resolve("tls"), pki.serverCert(key, "ignition-server"), pki.caCert, key, TestPki.KeyFormat.PKCS8);

        HostedControlPlane hcp = new HostedControlPlane();
        hcp.getMetadata().setName("example");
        hcp.getMetadata().setNamespace(ns);
        hcp.getSpec().setReleaseImage(release.pullSpec());
        hcp.getSpec().setPullSecret(new LocalObjectReference(ControlPlaneContract.PULL_SECRET_NAME));
        hcp.getSpec().setImageContentSources(List.of(new ImageContentSource(release.namespace(source.hostPort()),
                List.of(release.namespace(mirror.hostPort())))));
        client.resource(hcp).create();
        client.resource(secret(ControlPlaneContract.PULL_SECRET_NAME, Map.of(), ControlPlaneContract.PULL_SECRET_KEY,
                pullSecretJson())).create();
        client.resource(secret(ControlPlaneContract.IGNITION_TOKEN_SECRET,
                Map.of(Annotations.IGNITION_TOKEN_SECRET_LABEL, "true"), ControlPlaneContract.IGNITION_TOKEN_KEY, TOKEN)).create();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close();
        }
        for (LocalRegistry r : List.of(source, mirror, empty)) {
            if (!r.isRunning()) {
                r.restart();
            }
        }
    }

    private static String pullSecretJson() {
        return "{\"auths\": {" + source.authJson().replaceAll("^\\{\"auths\": \\{|}}$", "") + ","
                + mirror.authJson().replaceAll("^\\{\"auths\": \\{|}}$", "") + "}}";
    }

    private io.fabric8.kubernetes.api.model.Secret secret(String name, Map<String, String> labels, String key, String value) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels).endMetadata()
                .addToData(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))).build();
    }

    /** Starts the server as the HO's Deployment would: the mirror overrides in the env and, then RO, in the flag. */
    private void start(String mirrorOverrides) throws Exception {
        IgnitionServerOptions o = IgnitionServerOptions.build(new IgnitionServerOptions.Flags(ns,
                dir.resolve("tls/tls.crt"), dir.resolve("tls/tls.key"), mirrorOverrides, "127.0.0.1", 0, "127.0.0.1:0", "127.0.0.1:0",
                null, List.of("machine-config-operator", "pod", "haproxy-router"), Duration.ofMinutes(10), null, List.of()),
                Map.of(ControlPlaneContract.ENV_IMG_OVERRIDES, mirrorOverrides));
        app = IgnitionServerApp.start(o, client, RegistryBackends.live(RegistryClientOptions.defaults().withCaBundle(source.caFile())), Clock.systemUTC());
    }

    private HttpResponse<byte[]> ignition() throws Exception {
        SSLContext tls = pki.clientContext();
        HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + app.httpsAddress().getPort() + "/ignition"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode releaseJson(HttpResponse<byte[]> r) throws Exception {
        assertThat(r.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(IgnitionDocument.validate(r.body()).get(NodePayload.RELEASE_JSON).contents());
    }

    @Test
    void whenTheSourceIsDown_releaseJsonShouldNameTheMirrorForTheReleaseAndEveryComponent() throws Exception {
        source.stop();
        start(release.namespace(source.hostPort()) + "=" + release.namespace(mirror.hostPort()));

        JsonNode json = releaseJson(ignition());

        assertThat(json.get("version").asText()).isEqualTo("4.16.3");
        assertThat(json.get("image").asText()).isEqualTo(release.pullSpec());
        assertThat(json.get("servedBy").asText()).isEqualTo(release.pullSpec().replace(source.hostPort(), mirror.hostPort()));
        release.components().forEach((name, spec) -> {
            String expected = spec.replace(source.hostPort(), mirror.hostPort());
            assertThat(json.at("/components/" + name + "/image").asText()).as(name).isEqualTo(expected);
            assertThat(json.at("/components/" + name + "/digest").asText()).isEqualTo(spec.substring(spec.indexOf('@') + 1));
        });
        assertThat(mirror.requests()).anyMatch(q -> q.path().contains("/manifests/sha256:") && q.status() == 200);
    }

    @Test
    void whenTheFirstMirrorLacksTheImages_itShouldNameTheSecondThatServesThem() throws Exception {
        source.stop();
        String src = release.namespace(source.hostPort());
        start(src + "=" + release.namespace(empty.hostPort()) + "," + src + "=" + release.namespace(mirror.hostPort()));

        JsonNode json = releaseJson(ignition());

        assertThat(json.get("servedBy").asText()).startsWith(mirror.hostPort() + "/");
        json.get("components").forEach(c -> assertThat(c.get("image").asText()).startsWith(mirror.hostPort() + "/"));
        assertThat(empty.requests()).anyMatch(q -> q.path().contains("/manifests/") && q.status() == 404);
    }

    @Test
    void whenNoCandidateServesTheRelease_itShouldAnswer503UntilOneDoes() throws Exception {
        source.stop();
        mirror.stop();
        start(release.namespace(source.hostPort()) + "=" + release.namespace(mirror.hostPort()));

        HttpResponse<byte[]> down = ignition();
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(new String(down.body(), StandardCharsets.UTF_8)).doesNotContain("source-pass").doesNotContain("mirror-pass");

        mirror.restart();
        await("a payload once the mirror is back", () -> {
            try {
                return ignition().statusCode() == 200;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(releaseJson(ignition()).get("servedBy").asText()).startsWith(mirror.hostPort() + "/");
    }
}
