package io.hypershift.cpo.controllers.hostedcontrolplane;

import static io.hypershift.cpo.components.Fixtures.ART;
import static io.hypershift.cpo.components.Fixtures.RELEASE;
import static io.hypershift.support.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hypershift.api.Conditions;
import io.hypershift.api.Annotations;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.cpo.CpoApp;
import io.hypershift.cpo.components.Fixtures;
import io.hypershift.cpo.config.CpoOptions;
import io.hypershift.cpo.components.catalogs.CatalogComponents;
import io.hypershift.cpo.release.ReleaseBackends;
import io.hypershift.cpo.release.StaticCatalogBackends;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.support.releaseinfo.MirroredReleaseProvider;
import io.hypershift.support.releaseinfo.RegistryOverridesReleaseProvider;
import io.hypershift.support.releaseinfo.StaticReleaseProvider;
import io.hypershift.support.testing.MutableClock;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import io.hypershift.testing.kube.RequiresCapability;
import io.hypershift.testing.kube.Capability;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CPO reconciler on a real API server ({@code @KubeTest}: kube-apiserver + etcd by default, one namespace per
 * test, the generated CRDs installed). JOSDK's settings come from {@link KubeContext#josdk()}: server-side apply on
 * where the backend has it, turned off explicitly on the mock ({@code -De2e.backend=mock}). The CPO's own writes are
 * create/update, the same on every backend. No backend here runs a deployment controller, so {@code Available} stays
 * False.
 */
@KubeTest
class HostedControlPlaneReconcilerTest {
    static final String MIRROR = "mirror.example.com/ocp/release";
    static final String MIRRORED_RELEASE = MIRROR + "@sha256:" + "a".repeat(64);
    static final String ENV_WITH_MIRROR = "quay.io/openshift-release-dev/ocp-release=" + MIRROR;
    static final String RO = "quay.io/openshift-release-dev=registry.local:5000/ocp";

    private KubeContext kube;
    private KubernetesClient client;
    private String NS;

    @BeforeEach
    void setUp(KubeContext kube) {
        this.kube = kube;
        this.client = kube.client();
        this.NS = kube.namespace();
        System.out.println("[cpo] backend " + kube.backendName() + ", namespace " + NS);
    }

    private final MutableClock clock = new MutableClock();
    private final List<CpoApp> apps = new ArrayList<>();
    /** What each pull spec serves; the source itself serves nothing (it is unreachable). */
    private final Map<String, ReleaseImage> served = new HashMap<>(Map.of(MIRRORED_RELEASE,
            Fixtures.release("4.16.0", "b").withServedBy(MIRRORED_RELEASE)));

    @AfterEach
    void stop() {
        apps.forEach(CpoApp::close);
    }

    /**
     * The registry branch's decorators (mirrors, then RO) over an in-memory base: each pull spec serves what
     * {@link #served} says, the source nothing. The same composition as the live provider, without registries
     * (the registry side is covered by the support module's tests and by the ignition-server's LiveTranslationTest).
     */
    private ReleaseBackends backends() {
        return (mirrors, tagMirrors, ro) -> new MirroredReleaseProvider(
                new RegistryOverridesReleaseProvider(new StaticReleaseProvider(served), ro), mirrors, tagMirrors, null,
                io.hypershift.support.registry.RegistryClientOptions.Deadlines.DEFAULT_LOOKUP);
    }

    private CpoApp start(String env, String ro) throws Exception {
        Map<String, String> environment = env == null ? Map.of() : Map.of(ControlPlaneContract.ENV_IMG_OVERRIDES, env);
        CpoOptions o = CpoOptions.build(new CpoOptions.Flags(NS, ro, null, "127.0.0.1:0", "127.0.0.1:0", null, List.of()),
                environment);
        CpoApp app = CpoApp.start(o, client, backends(),
                new StaticCatalogBackends(StaticCatalogBackends.redHat("v4.16"), clock), clock, kube.josdk());
        apps.add(app);
        return app;
    }

    private void pullSecret() {
        String json = "{\"auths\":{\"mirror.example.com\":{\"auth\":\"dXNlcjpzZWNyZXQ=\"}}}";
        client.resource(new SecretBuilder().withNewMetadata().withName(ControlPlaneContract.PULL_SECRET_NAME)
                .withNamespace(NS).endMetadata().withType("kubernetes.io/dockerconfigjson")
                .addToData(ControlPlaneContract.PULL_SECRET_KEY,
                        Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))).build()).create();
    }

    private HostedControlPlane hcp() {
        return client.resources(HostedControlPlane.class).inNamespace(NS).withName("example").get();
    }

    /** Changes the HostedControlPlane, retrying when the operator's status patch wins the race (409). */
    private void edit(java.util.function.Consumer<HostedControlPlane> change) {
        io.hypershift.testing.kube.Updates.retryOnConflict(client, this::hcp, change);
    }

    private Optional<Condition> condition(String type) {
        HostedControlPlane h = hcp();
        return h == null || h.getStatus() == null ? Optional.empty()
                : h.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** The control-plane component Deployments (the OLM catalogs have their own tests: OlmCatalogsReconcilerTest). */
    private List<Deployment> components() {
        return client.apps().deployments().inNamespace(NS).list().getItems().stream()
                .filter(d -> !d.getMetadata().getLabels().containsKey(CatalogComponents.CATALOG_SOURCE_LABEL)).toList();
    }

    private Map<String, String> images() {
        return components().stream().collect(Collectors.toMap(
                d -> d.getMetadata().getName(), d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
    }

    private Map<String, String> versions() {
        return components().stream().collect(Collectors.toMap(
                d -> d.getMetadata().getName(), d -> d.getMetadata().getResourceVersion()));
    }

    private static final List<ImageContentSource> SOURCES = List.of(new ImageContentSource(
            "quay.io/openshift-release-dev/ocp-v4.0-art-dev", List.of("dp-mirror.example.com/ocp/art-dev")));

    @Test
    void whenTheReleaseIsServedByAMirror_itShouldRenderTheComponentsWithRoImagesAndSetConditions() throws Exception {
        pullSecret();
        client.resource(Fixtures.hcp(NS, SOURCES)).create();
        start(ENV_WITH_MIRROR, RO);

        await("four component Deployments", () -> images().size() == 4);
        assertThat(images()).containsEntry("kube-apiserver", "registry.local:5000/ocp/ocp-v4.0-art-dev@sha256:" + "b".repeat(64))
                .containsEntry("cluster-version-operator", "registry.local:5000/ocp/ocp-v4.0-art-dev@sha256:" + "c".repeat(64));
        await("ValidReleaseImage=True", () -> condition(Conditions.VALID_RELEASE_IMAGE)
                .filter(c -> c.getStatus().equals("True")).isPresent());
        HostedControlPlane h = hcp();
        assertThat(h.getStatus().getReleaseImage()).isEqualTo(MIRRORED_RELEASE);
        assertThat(h.getStatus().getVersion()).isEqualTo("4.16.0");
        assertThat(h.getStatus().getConditions()).allSatisfy(c -> {
            assertThat(c.getObservedGeneration()).isEqualTo(h.getMetadata().getGeneration());
            assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
        });
        assertThat(condition(Conditions.AVAILABLE)).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo(Conditions.WAITING);
            assertThat(c.getMessage()).contains("kube-apiserver (no available replica)");
        });
        ConfigMap cm = client.configMaps().inNamespace(NS).withName(ControlPlaneContract.IMAGE_CONTENT_SOURCE_CONFIGMAP).get();
        assertThat(cm.getData().get("config")).contains("dp-mirror.example.com/ocp/art-dev");
    }

    @Test
    @RequiresCapability(Capability.SERVER_SIDE_APPLY)
    void whenItWritesStatus_theAnnotationsShouldStayTheHypershiftOperatorsToRemove() throws Exception {
        pullSecret();
        HostedControlPlane desired = Fixtures.hcp(NS, SOURCES);
        desired.getMetadata().setUid(null);
        desired.getMetadata().setAnnotations(Map.of(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES,
                "registry.redhat.io/redhat=mirror.example.com/redhat", "example.com/kept", "yes"));
        client.resource(desired).fieldManager("hypershift-operator").forceConflicts().serverSideApply();
        start(ENV_WITH_MIRROR, RO);
        await("ValidReleaseImage=True", () -> condition(Conditions.VALID_RELEASE_IMAGE)
                .filter(c -> c.getStatus().equals("True")).isPresent());

        // the owner applies again without the OLM annotation (it left the HostedCluster): it must go
        desired.getMetadata().setAnnotations(Map.of("example.com/kept", "yes"));
        client.resource(desired).fieldManager("hypershift-operator").forceConflicts().serverSideApply();
        assertThat(hcp().getMetadata().getAnnotations()).containsEntry("example.com/kept", "yes")
                .doesNotContainKey(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES);
        assertThat(hcp().getMetadata().getManagedFields()).as("the CPO's status writes own the status only")
                .filteredOn(f -> "status".equals(f.getSubresource()))
                .allSatisfy(f -> assertThat(f.getFieldsV1().getAdditionalProperties()).containsOnlyKeys("f:status"));
    }

    @Test
    void whenImageContentSourcesChange_theConfigMapShouldFollowAndTheDeploymentsStayAsTheyAre() throws Exception {
        pullSecret();
        client.resource(Fixtures.hcp(NS, SOURCES)).create();
        start(ENV_WITH_MIRROR, RO);
        await("ValidReleaseImage=True", () -> condition(Conditions.VALID_RELEASE_IMAGE)
                .filter(c -> c.getStatus().equals("True")).isPresent());
        await("four component Deployments", () -> images().size() == 4);
        Map<String, String> before = versions();

        edit(h -> h.getSpec().setImageContentSources(
                List.of(new ImageContentSource("registry.redhat.io", List.of("dp-mirror.example.com/rh")))));
        await("the IDMS to name registry.redhat.io", () -> client.configMaps().inNamespace(NS)
                .withName(ControlPlaneContract.IMAGE_CONTENT_SOURCE_CONFIGMAP).get().getData().get("config")
                .contains("source: registry.redhat.io"));
        await("observedGeneration to follow", () -> condition(Conditions.VALID_RELEASE_IMAGE)
                .filter(c -> c.getObservedGeneration().equals(hcp().getMetadata().getGeneration())).isPresent());
        assertThat(versions()).as("no control-plane Deployment rolls for a data-plane change").isEqualTo(before);

        edit(h -> h.getSpec().setImageContentSources(List.of()));
        await("the ConfigMap to be deleted", () -> client.configMaps().inNamespace(NS)
                .withName(ControlPlaneContract.IMAGE_CONTENT_SOURCE_CONFIGMAP).get() == null);
    }

    @Test
    void whenTheEnvChanges_theComponentDeploymentsShouldFollow() throws Exception {
        pullSecret();
        client.resource(Fixtures.hcp(NS, List.of())).create();

        // 1. no mirror for the release: the source is unreachable, nothing is rendered, the condition says why
        CpoApp first = start(null, RO);
        await("ValidReleaseImage=False", () -> condition(Conditions.VALID_RELEASE_IMAGE).isPresent());
        assertThat(condition(Conditions.VALID_RELEASE_IMAGE)).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo(Conditions.INVALID_IMAGE);
            assertThat(c.getMessage()).startsWith("failed to lookup release image: ")
                    .contains("registry.local:5000/ocp/ocp-release@sha256:" + "a".repeat(64));
        });
        assertThat(images()).isEmpty();
        first.close();
        apps.remove(first);

        // 2. the HO rolls the CPO with the mirror in OPENSHIFT_IMG_OVERRIDES: the components appear
        CpoApp second = start(ENV_WITH_MIRROR, RO);
        await("four component Deployments", () -> images().size() == 4);
        await("ValidReleaseImage=True", () -> condition(Conditions.VALID_RELEASE_IMAGE)
                .filter(c -> c.getStatus().equals("True")).isPresent());
        second.close();
        apps.remove(second);

        // 3. the env also mirrors the component repository, and RO is gone: the pods pull from that mirror
        CpoApp third = start(ENV_WITH_MIRROR + ",quay.io/openshift-release-dev/ocp-v4.0-art-dev=dp.example.com/art-dev", null);
        await("images to follow the env's mirror", () -> images().values().stream()
                .allMatch(i -> i.startsWith("dp.example.com/art-dev@sha256:")));
        third.close();
        apps.remove(third);

        // 3b. another RO target: every pod image moves to it (RO is applied before the mirrors)
        start(ENV_WITH_MIRROR, "quay.io/openshift-release-dev=other.local/ocp");
        await("images to follow RO", () -> images().values().stream().allMatch(i -> i.startsWith("other.local/ocp/")));

        // 4. an upgrade to a release no candidate serves: the Deployments keep the last good release
        Map<String, String> good = images();
        edit(h -> h.getSpec().setReleaseImage("quay.io/openshift-release-dev/ocp-release@sha256:" + "f".repeat(64)));
        await("ValidReleaseImage=False for the new release", () -> condition(Conditions.VALID_RELEASE_IMAGE)
                .filter(c -> c.getStatus().equals("False") && c.getMessage().contains("f".repeat(64))).isPresent());
        assertThat(images()).isEqualTo(good);
        assertThat(condition(Conditions.AVAILABLE)).get().extracting(Condition::getMessage).asString()
                .contains("(previous release)");
    }

    @Test
    void whenThePullSecretIsMissing_itShouldSaySecretNotFoundAndRecoverWhenItAppears() throws Exception {
        client.resource(Fixtures.hcp(NS, List.of())).create();
        start(ENV_WITH_MIRROR, RO);
        await("SecretNotFound", () -> condition(Conditions.VALID_RELEASE_IMAGE)
                .filter(c -> c.getReason().equals(Conditions.SECRET_NOT_FOUND)).isPresent());
        assertThat(condition(Conditions.VALID_RELEASE_IMAGE).get().getMessage())
                .isEqualTo("failed to lookup release image: pull secret " + NS + "/pull-secret not found");
        pullSecret();
        await("ValidReleaseImage=True once the secret exists", () -> condition(Conditions.VALID_RELEASE_IMAGE)
                .filter(c -> c.getStatus().equals("True")).isPresent());
        assertThat(images()).hasSize(4);
    }

    @Test
    void whenThePullSecretIsNotADockerConfig_itShouldSayInvalidPullSecretWithoutItsContentAndRecover() throws Exception {
        String leaked = "c3VwZXI6czNjcmV0LXB3";
        String json = "{\"auths\":{\"mirror.example.com\":{\"auth\":\"" + leaked + "!!\"}}}";
        client.resource(new SecretBuilder().withNewMetadata().withName(ControlPlaneContract.PULL_SECRET_NAME)
                .withNamespace(NS).endMetadata().withType("kubernetes.io/dockerconfigjson")
                .addToData(ControlPlaneContract.PULL_SECRET_KEY,
                        Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))).build()).create();
        client.resource(Fixtures.hcp(NS, List.of())).create();
        start(ENV_WITH_MIRROR, RO);

        await("InvalidPullSecret", () -> condition(Conditions.VALID_RELEASE_IMAGE)
                .filter(c -> c.getReason().equals(Conditions.INVALID_PULL_SECRET)).isPresent());
        assertThat(condition(Conditions.VALID_RELEASE_IMAGE).get()).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getMessage()).isEqualTo("failed to lookup release image: Secret " + NS + "/pull-secret key "
                    + ControlPlaneContract.PULL_SECRET_KEY + ": auths[\"mirror.example.com\"].auth: not valid base64");
        });
        assertThat(images()).isEmpty();
        assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .noneMatch(e -> e.getMessage() != null && e.getMessage().contains(leaked));

        client.secrets().inNamespace(NS).withName(ControlPlaneContract.PULL_SECRET_NAME).delete();
        await("the Secret to be gone", () -> client.secrets().inNamespace(NS)
                .withName(ControlPlaneContract.PULL_SECRET_NAME).get() == null);
        pullSecret();
        await("ValidReleaseImage=True once the secret is fixed", () -> condition(Conditions.VALID_RELEASE_IMAGE)
                .filter(c -> c.getStatus().equals("True")).isPresent());
        assertThat(images()).hasSize(4);
    }

    @Test
    void whenSpecReleaseImageIsNotAReference_itShouldSayInvalidImageNamingTheFieldAndKeepTheDeployments() throws Exception {
        pullSecret();
        client.resource(Fixtures.hcp(NS, List.of())).create();
        start(ENV_WITH_MIRROR, RO);
        await("four component Deployments", () -> images().size() == 4);
        Map<String, String> good = images();

        edit(h -> h.getSpec().setReleaseImage("quay.io/openshift-release-dev/ocp-release@sha256:not-hex"));
        await("ValidReleaseImage=False", () -> condition(Conditions.VALID_RELEASE_IMAGE)
                .filter(c -> c.getStatus().equals("False")).isPresent());
        assertThat(condition(Conditions.VALID_RELEASE_IMAGE).get()).satisfies(c -> {
            assertThat(c.getReason()).isEqualTo(Conditions.INVALID_IMAGE);
            assertThat(c.getMessage()).startsWith("failed to lookup release image: HostedControlPlane " + NS
                    + "/example spec.releaseImage: invalid image reference \"quay.io/openshift-release-dev/ocp-release"
                    + "@sha256:not-hex\": invalid digest");
        });
        assertThat(images()).isEqualTo(good);
        assertThat(condition(Conditions.RECONCILIATION_SUCCEEDED)).get().extracting(Condition::getStatus)
                .as("bad input is a condition, not a reconcile error").isEqualTo("True");

        edit(h -> h.getSpec().setReleaseImage(Fixtures.RELEASE));
        await("ValidReleaseImage=True again", () -> condition(Conditions.VALID_RELEASE_IMAGE)
                .filter(c -> c.getStatus().equals("True")).isPresent());
    }

    @Test
    void whenAnImageContentSourceIsInvalid_itShouldLeaveItOutWithAWarningEventNamingTheFieldAndKeepTheRest() throws Exception {
        pullSecret();
        client.resource(Fixtures.hcp(NS, List.of(new ImageContentSource("Not A Source", List.of("dp.example.com/x")),
                SOURCES.get(0)))).create();
        start(ENV_WITH_MIRROR, RO);

        await("the IDMS ConfigMap", () -> client.configMaps().inNamespace(NS)
                .withName(ControlPlaneContract.IMAGE_CONTENT_SOURCE_CONFIGMAP).get() != null);
        String idms = client.configMaps().inNamespace(NS).withName(ControlPlaneContract.IMAGE_CONTENT_SOURCE_CONFIGMAP)
                .get().getData().get("config");
        assertThat(idms).contains("source: quay.io/openshift-release-dev/ocp-v4.0-art-dev").doesNotContain("Not A Source");
        await("an InvalidImageContentSources event", () -> client.v1().events().inNamespace(NS).list().getItems().stream()
                .anyMatch(e -> "InvalidImageContentSources".equals(e.getReason())));
        Event e = client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(ev -> "InvalidImageContentSources".equals(ev.getReason())).findFirst().orElseThrow();
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getInvolvedObject().getName()).isEqualTo("example");
        assertThat(e.getMessage()).startsWith("spec.imageContentSources[0].source: \"Not A Source\" ")
                .endsWith("; entry left out");
        await("ValidReleaseImage=True all the same", () -> condition(Conditions.VALID_RELEASE_IMAGE)
                .filter(c -> c.getStatus().equals("True")).isPresent());
        assertThat(images()).hasSize(4);
    }

    private List<Event> warnings() {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()))
                .filter(e -> "HostedControlPlane".equals(e.getInvolvedObject().getKind())).toList();
    }

    @Test
    void whenTheEnvHasUnparsablePieces_itShouldRecordAWarningEventAndStillWork() throws Exception {
        pullSecret();
        client.resource(Fixtures.hcp(NS, List.of())).create();
        start("junk," + ENV_WITH_MIRROR + ",=nosource", RO);
        await("four component Deployments", () -> images().size() == 4);
        // where controllers run, the Deployments' and Pods' own events (scaling, image pulls) are there too
        await("a Warning event", () -> warnings().size() == 1);
        Event e = warnings().get(0);
        assertThat(e.getReason()).isEqualTo(Conditions.INVALID_REGISTRY_OVERRIDES);
        assertThat(e.getInvolvedObject().getName()).isEqualTo("example");
        assertThat(e.getMessage()).contains("OPENSHIFT_IMG_OVERRIDES: piece 1 \"junk\" has no '='")
                .contains("piece 3 \"=nosource\" has an empty source");
    }

    @Test
    void whenSomeoneEditsAComponentDeployment_itShouldBeRestored() throws Exception {
        pullSecret();
        client.resource(Fixtures.hcp(NS, List.of())).create();
        CpoApp app = start(ENV_WITH_MIRROR, RO);
        await("four component Deployments", () -> images().size() == 4);
        String want = images().get("kube-scheduler");
        Deployment d = client.apps().deployments().inNamespace(NS).withName("kube-scheduler").get();
        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(ART + "0".repeat(64));
        d.getMetadata().getLabels().put("team", "kept");
        client.resource(d).update();
        await("the image to be restored", () -> want.equals(images().get("kube-scheduler")));
        assertThat(client.apps().deployments().inNamespace(NS).withName("kube-scheduler").get().getMetadata().getLabels())
                .containsEntry("team", "kept");
        String metrics = app.scrape();
        assertThat(metrics).contains("hypershift_cpo_release_lookup_seconds_count{outcome=\"success\"}")
                .contains("hypershift_cpo_registry_overrides_skipped_pieces 0.0");
        var http = java.net.http.HttpClient.newHttpClient();
        int port = app.probes().healthAddress().orElseThrow().getPort();
        await("/readyz to answer 200", () -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                        + "/readyz")).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
    }
}
