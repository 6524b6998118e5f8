package io.hypershift.operator.controllers.hostedcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSetBuilder;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicy;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicyBuilder;
import io.hypershift.api.Annotations;
import io.hypershift.api.Conditions;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedClusterSpec;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.api.v1beta1.Release;
import io.hypershift.operator.runtime.OperatorRuntime;
import io.hypershift.operator.testing.OperatorHarness;
import io.hypershift.operator.testing.TestReleases;
import io.hypershift.testing.kube.Capability;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import io.hypershift.testing.kube.RequiresCapability;
import io.hypershift.support.releaseinfo.ReleaseImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HostedCluster controller end to end against an API server ({@code -De2e.backend}: a real kube-apiserver by
 * default, or the fabric8 mock): the operator runs in-process with its registry-overrides controller, as {@code run}
 * starts it, watching the test's namespace. Cluster-scoped policies are deleted after each test.
 */
@KubeTest(crds = false)
class HostedClusterReconcilerTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SOURCE_RELEASE = "quay.io/openshift-release-dev/ocp-release@sha256:" + "a".repeat(64);
    static final String MIRRORED_RELEASE = "mirror.local/ocp/release@sha256:" + "a".repeat(64);

    KubeContext kube;
    KubernetesClient client;
    OperatorRuntime operator;
    String ns;

    @BeforeEach
    void start(KubeContext kube) {
        this.kube = kube;
        client = kube.client();
        // the control-plane namespace <namespace>-<name> must stay within 63 characters: a short namespace of our own
        ns = "hc-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        kube.deleteAfterTest(client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata().withName(ns).endMetadata().build()).create());
        OperatorHarness.prepareCrds(kube);
        // the release exists only on the mirror: the lookup must go through the IDMS
        ReleaseImage release = TestReleases.release(SOURCE_RELEASE, "4.16.0", Map.of("hypershift", "quay.io/ocp/cpo@sha256:" + "b".repeat(64)));
        operator = OperatorHarness.start(kube, OperatorHarness.options(ns, false, null),
                TestReleases.holding(Map.of(MIRRORED_RELEASE, release)));
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    /** Creates a cluster-scoped policy that is deleted after the test. */
    <T extends io.fabric8.kubernetes.api.model.HasMetadata> void createPolicy(T policy) {
        kube.deleteAfterTest(client.resource(policy).create());
    }

    static ImageDigestMirrorSet idms(String name, String source, String... mirrors) {
        return new ImageDigestMirrorSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewImageDigestMirror().withSource(source).withMirrors(mirrors).endImageDigestMirror()
                .endSpec().build();
    }

    static ImageDigestMirrorSet releaseIdms() {
        return idms("release", "quay.io/openshift-release-dev/ocp-release", "mirror.local/ocp/release");
    }

    Secret pullSecret() {
        String json = "{\"auths\":{\"mirror.local\":{\"auth\":\"" + Base64.getEncoder().encodeToString("u:p".getBytes()) + "\"}}}";
        return new SecretBuilder().withMetadata(new ObjectMetaBuilder().withName("pull-secret").withNamespace(ns).build())
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    HostedCluster hostedCluster(String name, String release) {
        HostedCluster hc = new HostedCluster();
        hc.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        HostedClusterSpec spec = new HostedClusterSpec();
        spec.setRelease(new Release(release));
        spec.setPullSecret(new LocalObjectReference("pull-secret"));
        hc.setSpec(spec);
        return hc;
    }

    HostedCluster get(String name) {
        return client.resources(HostedCluster.class).inNamespace(ns).withName(name).get();
    }

    Optional<Condition> condition(String name, String type) {
        HostedCluster hc = get(name);
        if (hc == null || hc.getStatus() == null) {
            return Optional.empty();
        }
        return hc.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    Deployment deployment(String cluster, String name) {
        return client.apps().deployments().inNamespace(ns + "-" + cluster).withName(name).get();
    }

    static Container main(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static String env(Deployment d) {
        return main(d).getEnv().stream().filter(e -> e.getName().equals("OPENSHIFT_IMG_OVERRIDES")).findFirst().orElseThrow().getValue();
    }

    static String ignitionArg(Deployment d) {
        List<String> args = main(d).getArgs();
        return args.get(args.indexOf("--registry-overrides") + 1);
    }

    void awaitStrings(String cluster, String expected) {
        await().atMost(WAIT).untilAsserted(() -> {
            Deployment cpo = deployment(cluster, "control-plane-operator");
            Deployment ign = deployment(cluster, "ignition-server");
            assertThat(cpo).isNotNull();
            assertThat(ign).isNotNull();
            assertThat(env(cpo)).isEqualTo(expected);
            assertThat(env(ign)).isEqualTo(expected);
            assertThat(ignitionArg(ign)).isEqualTo(expected);
            assertThat(main(cpo).getArgs()).contains("--registry-overrides==");
        });
    }

    @Test
    void whenAHostedClusterIsCreatedItShouldGetItsNamespaceDeploymentsAndTrueConditions() {
        createPolicy(releaseIdms());
        client.resource(pullSecret()).create();
        client.resource(hostedCluster("example", SOURCE_RELEASE)).create();

        awaitStrings("example", "quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release");
        assertThat(client.namespaces().withName(ns + "-example").get().getMetadata().getAnnotations())
                .containsEntry(Annotations.HOSTED_CLUSTER, ns + "/example");
        Secret copy = client.secrets().inNamespace(ns + "-example").withName("pull-secret").get();
        assertThat(copy.getData()).isEqualTo(pullSecret().getData());
        assertThat(client.secrets().inNamespace(ns + "-example").withName("ignition-server-token").get()).isNotNull();
        assertThat(client.services().inNamespace(ns + "-example").withName("ignition-server").get()).isNotNull();
        assertThat(client.rbac().roleBindings().inNamespace(ns + "-example").withName("control-plane-operator").get()).isNotNull();
        HostedControlPlane hcp = client.resources(HostedControlPlane.class).inNamespace(ns + "-example").withName("example").get();
        assertThat(hcp.getSpec().getReleaseImage()).isEqualTo(SOURCE_RELEASE);

        await().atMost(WAIT).untilAsserted(() -> {
            HostedCluster hc = get("example");
            assertThat(hc.getMetadata().getFinalizers()).isNotEmpty();
            assertThat(condition("example", Conditions.VALID_RELEASE_IMAGE)).get()
                    .satisfies(c -> assertThat(c.getReason()).isEqualTo(Conditions.AS_EXPECTED))
                    .satisfies(c -> assertThat(c.getObservedGeneration()).isEqualTo(hc.getMetadata().getGeneration()));
            assertThat(condition("example", Conditions.REGISTRY_OVERRIDES_PROPAGATED)).get()
                    .satisfies(c -> assertThat(c.getStatus()).as(c.getMessage()).isEqualTo("True"));
            assertThat(condition("example", Conditions.RECONCILIATION_SUCCEEDED)).get()
                    .satisfies(c -> assertThat(c.getStatus()).as(c.getMessage()).isEqualTo("True"));
            assertThat(hc.getStatus().getVersion().getDesired().getMirroredImage()).isEqualTo(MIRRORED_RELEASE);
            assertThat(hc.getStatus().getVersion().getDesired().getVersion()).isEqualTo("4.16.0");
        });
        String metrics = http(operator.metricsPort(), "/metrics");
        assertThat(metrics).contains("hypershift_registry_overrides_sources 1.0").contains("hypershift_registry_overrides_bytes")
                .contains("hypershift_registry_overrides_propagation_seconds").contains("operator_sdk_reconciliations");
        assertThat(http(operator.healthPort(), "/healthz")).isEqualTo("ok\n");
        assertThat(http(operator.healthPort(), "/readyz")).isEqualTo("ok\n");
    }

    static String http(int port, String path) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void whenAnIdmsIsAddedChangedAndDeletedTheStringsShouldFollowDownToTheLiteralEquals() {
        createPolicy(releaseIdms());
        client.resource(pullSecret()).create();
        client.resource(hostedCluster("example", SOURCE_RELEASE)).create();
        awaitStrings("example", "quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release");
        String before = deployment("example", "control-plane-operator").getMetadata().getResourceVersion();

        createPolicy(idms("extra", "registry.redhat.io", "mirror.local/redhat"));
        awaitStrings("example", "quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release,"
                + "registry.redhat.io=mirror.local/redhat");
        assertThat(deployment("example", "control-plane-operator").getMetadata().getResourceVersion()).isNotEqualTo(before);

        client.resource(idms("extra", "registry.redhat.io", "mirror2.local/redhat", "mirror.local/redhat")).update();
        awaitStrings("example", "quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release,"
                + "registry.redhat.io=mirror2.local/redhat,registry.redhat.io=mirror.local/redhat");

        client.resource(idms("extra", "registry.redhat.io")).delete();
        awaitStrings("example", "quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release");
        // the release was looked up already: with no mirror left the lookup fails, and the rollout is blocked
        client.resource(releaseIdms()).delete();
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition("example", Conditions.VALID_RELEASE_IMAGE)).get()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo(Conditions.INVALID_IMAGE)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition("example", Conditions.REGISTRY_OVERRIDES_PROPAGATED)).get()
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo(Conditions.DEPLOYMENT_MISMATCH);
                    assertThat(c.getMessage()).contains("ValidReleaseImage is False");
                }));
        assertThat(operator.registry().get("hypershift_registry_overrides_propagation").timer().count())
                .as("each change that reached the Deployments was timed").isGreaterThanOrEqualTo(3);
    }

    @Test
    void whenNoMirrorIsLeftAndTheReleaseIsFoundDirectlyTheStringsShouldBeTheLiteralEquals() {
        operator.close();
        ReleaseImage release = TestReleases.release(SOURCE_RELEASE, "4.16.0", Map.of());
        operator = OperatorHarness.start(kube, OperatorHarness.options(ns, false, null),
                TestReleases.holding(Map.of(SOURCE_RELEASE, release, MIRRORED_RELEASE, release)));
        createPolicy(releaseIdms());
        client.resource(pullSecret()).create();
        client.resource(hostedCluster("example", SOURCE_RELEASE)).create();
        awaitStrings("example", "quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release");
        client.resource(releaseIdms()).delete();
        awaitStrings("example", "=");
    }

    @Test
    void whenTheIcspApiAppearsLaterItsPoliciesShouldBeWatchedWithoutARestart() {
        createPolicy(releaseIdms());
        client.resource(pullSecret()).create();
        client.resource(hostedCluster("example", SOURCE_RELEASE)).create();
        awaitStrings("example", "quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release");
        assertThat(operator.overrides().current().capabilities().imageContentSourcePolicies()).isFalse();

        OperatorHarness.installCrd(kube, OperatorHarness.ICSP_CRD);
        await().atMost(WAIT).until(() -> operator.overrides().current().capabilities().imageContentSourcePolicies());
        ImageContentSourcePolicy icsp = new ImageContentSourcePolicyBuilder().withNewMetadata().withName("operator-0").endMetadata()
                .withNewSpec().addNewRepositoryDigestMirror().withSource("registry.redhat.io/redhat")
                .withMirrors("mirror.local/redhat").endRepositoryDigestMirror().endSpec().build();
        createPolicy(icsp);
        awaitStrings("example", "quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release,"
                + "registry.redhat.io/redhat=mirror.local/redhat");
    }

    @Test
    void whenThePullSecretIsMissingItShouldReportSecretNotFoundAndStillRollOutWithoutTheCopy() {
        createPolicy(releaseIdms());
        client.resource(hostedCluster("example", SOURCE_RELEASE)).create();
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition("example", Conditions.VALID_RELEASE_IMAGE)).get()
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo(Conditions.SECRET_NOT_FOUND);
                    assertThat(c.getMessage()).isEqualTo("failed to lookup release image: pull secret " + ns + "/pull-secret not found");
                }));
        awaitStrings("example", "quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release");
        assertThat(client.secrets().inNamespace(ns + "-example").withName("pull-secret").get()).isNull();
    }

    @Test
    void whenThePullSecretIsCreatedLaterOrRotatedTheClusterShouldFollowAtOnceNotAtTheNextRetryOrResync() {
        createPolicy(releaseIdms());
        client.resource(hostedCluster("example", SOURCE_RELEASE)).create();
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition("example", Conditions.VALID_RELEASE_IMAGE)).get()
                .extracting(Condition::getReason).isEqualTo(Conditions.SECRET_NOT_FOUND));
        // the Secret watch acts at once; the retry (a backoff from 2 s, RetryBackoff) would also come within this
        // bound, so the rotation below, after which nothing is retried, is what shows the watch
        Duration beforeTheRetry = RetryBackoff.Kind.PULL_SECRET.cap.minusSeconds(10);
        client.resource(pullSecret()).create();
        await().atMost(beforeTheRetry).untilAsserted(() -> assertThat(condition("example", Conditions.VALID_RELEASE_IMAGE))
                .get().extracting(Condition::getStatus).isEqualTo("True"));
        await().atMost(beforeTheRetry).until(() -> client.secrets().inNamespace(ns + "-example").withName("pull-secret")
                .get() != null);
        // rotated credentials reach the copy without waiting for the 10-minute resync
        String rotated = "{\"auths\":{\"mirror.local\":{\"auth\":\""
                + Base64.getEncoder().encodeToString("u:rotated".getBytes(StandardCharsets.UTF_8)) + "\"}}}";
        String encoded = Base64.getEncoder().encodeToString(rotated.getBytes(StandardCharsets.UTF_8));
        client.secrets().inNamespace(ns).withName("pull-secret").edit(x -> {
            x.setData(Map.of(".dockerconfigjson", encoded));
            return x;
        });
        await().atMost(beforeTheRetry).until(() -> encoded.equals(client.secrets().inNamespace(ns + "-example")
                .withName("pull-secret").get().getData().get(".dockerconfigjson")));
    }

    @Test
    void whenThePullSecretIsMalformedItShouldNameTheSecretAndKeyWithoutItsContentAnywhere() {
        createPolicy(releaseIdms());
        String json = "{\"auths\":{\"mirror.local\":{\"auth\":\"top-secret-password!\"}}}";
        client.resource(new SecretBuilder().withMetadata(new ObjectMetaBuilder().withName("pull-secret").withNamespace(ns).build())
                .withType("Opaque").withData(Map.of(".dockerconfigjson",
                        Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))).build()).create();
        client.resource(hostedCluster("example", SOURCE_RELEASE)).create();
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition("example", Conditions.VALID_RELEASE_IMAGE)).get()
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    // SPEC §10's reasons only: as in HyperShift, where the lookup with such a secret fails
                    assertThat(c.getReason()).isEqualTo(Conditions.INVALID_IMAGE);
                    assertThat(c.getMessage()).startsWith("failed to lookup release image: ")
                            .contains("Secret " + ns + "/pull-secret").contains(".dockerconfigjson")
                            .contains("auths[\"mirror.local\"].auth").doesNotContain("top-secret");
                }));
        // not blocking: the control plane rolls out, without a copy of the unusable secret
        awaitStrings("example", "quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release");
        assertThat(client.secrets().inNamespace(ns + "-example").withName("pull-secret").get()).isNull();
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.v1().events().inNamespace(ns).list().getItems())
                .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(Conditions.INVALID_IMAGE)));
        assertThat(client.v1().events().inNamespace(ns).list().getItems())
                .allSatisfy(e -> assertThat(e.getMessage()).doesNotContain("top-secret"));
        assertThat(client.apps().deployments().inNamespace(ns + "-example").list().getItems()).allSatisfy(d ->
                assertThat(d.getSpec().getTemplate().getSpec().getContainers()).allSatisfy(k -> {
                    assertThat(String.join(" ", k.getArgs())).doesNotContain("top-secret");
                    assertThat(k.getEnv()).allSatisfy(e -> assertThat(String.valueOf(e.getValue())).doesNotContain("top-secret"));
                }));
    }

    @Test
    void whenTheReleaseImageIsNotAReferenceItShouldNameTheFieldAndRollNothingOut() {
        createPolicy(releaseIdms());
        client.resource(pullSecret()).create();
        client.resource(hostedCluster("example", "quay.io/openshift-release-dev/ocp-release:4.16 latest")).create();
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition("example", Conditions.VALID_RELEASE_IMAGE)).get()
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo(Conditions.INVALID_IMAGE);
                    assertThat(c.getMessage()).startsWith("failed to lookup release image: spec.release.image: ")
                            .contains("ocp-release:4.16 latest");
                }));
        assertThat(deployment("example", "control-plane-operator")).isNull();
    }

    @Test
    void whenTheReleaseExistsNowhereItShouldReportInvalidImageAndRollNothingOut() {
        createPolicy(releaseIdms());
        client.resource(pullSecret()).create();
        String missing = "quay.io/openshift-release-dev/ocp-release@sha256:" + "f".repeat(64);
        client.resource(hostedCluster("example", missing)).create();
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition("example", Conditions.VALID_RELEASE_IMAGE)).get()
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo(Conditions.INVALID_IMAGE);
                    assertThat(c.getMessage()).startsWith("failed to lookup release image: ")
                            .contains("mirror.local/ocp/release@sha256:ffff").contains(missing);
                }));
        assertThat(condition("example", Conditions.RECONCILIATION_SUCCEEDED)).get()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));
        assertThat(deployment("example", "control-plane-operator")).isNull();
    }

    @Test
    void whenAnIcspEntryIsInvalidItShouldSetAConditionAndAWarningEventAndKeepTheValidEntries() {
        // the IDMS CRD's schema rejects a malformed source; the ICSP CRD has no pattern, so a malformed ICSP can exist
        OperatorHarness.installCrd(kube, OperatorHarness.ICSP_CRD);
        await().atMost(WAIT).until(() -> operator.overrides().current().capabilities().imageContentSourcePolicies());
        createPolicy(releaseIdms());
        createPolicy(new ImageContentSourcePolicyBuilder().withNewMetadata().withName("broken").endMetadata()
                .withNewSpec().addNewRepositoryDigestMirror().withSource("quay.io/Bad Source")
                .withMirrors("mirror.local/x").endRepositoryDigestMirror().endSpec().build());
        client.resource(pullSecret()).create();
        client.resource(hostedCluster("example", SOURCE_RELEASE)).create();
        awaitStrings("example", "quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release");
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition("example", Conditions.REGISTRY_OVERRIDES_PROPAGATED)).get()
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo(Conditions.INVALID_REGISTRY_OVERRIDES);
                    assertThat(c.getMessage()).contains("ImageContentSourcePolicy/broken").contains("spec.repositoryDigestMirrors[0].source");
                }));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.v1().events().inNamespace(ns).list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo(Conditions.INVALID_REGISTRY_OVERRIDES);
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("example");
                }));
    }

    @Test
    void whenTheOverridesExceedMaxArgStrlenTheDeploymentsShouldKeepTheirStringsAndTheConditionSaySo() {
        createPolicy(releaseIdms());
        client.resource(pullSecret()).create();
        client.resource(hostedCluster("example", SOURCE_RELEASE)).create();
        awaitStrings("example", "quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release");
        String[] mirrors = new String[700];
        for (int i = 0; i < mirrors.length; i++) {
            mirrors[i] = "mirror-" + i + ".example.com/a-rather-long-repository-path/for-this-test-" + "x".repeat(120);
        }
        createPolicy(idms("huge", "registry.example.com/huge", mirrors));
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition("example", Conditions.REGISTRY_OVERRIDES_PROPAGATED)).get()
                .satisfies(c -> {
                    assertThat(c.getReason()).isEqualTo(Conditions.REGISTRY_OVERRIDES_TOO_LARGE);
                    assertThat(c.getMessage()).contains("OPENSHIFT_IMG_OVERRIDES is");
                }));
        assertThat(env(deployment("example", "ignition-server")))
                .isEqualTo("quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release");
    }

    @Test
    void whenOlmAnnotationsAndImageContentSourcesAreSetAndRemovedTheHostedControlPlaneShouldFollow() {
        createPolicy(releaseIdms());
        client.resource(pullSecret()).create();
        HostedCluster hc = hostedCluster("example", SOURCE_RELEASE);
        hc.getMetadata().setAnnotations(Map.of(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "registry.redhat.io/redhat=mirror.local/redhat"));
        hc.getSpec().setImageContentSources(List.of(new ImageContentSource("quay.io/openshift-release-dev", List.of("mirror.local/ocp"))));
        client.resource(hc).create();
        await().atMost(WAIT).untilAsserted(() -> {
            HostedControlPlane hcp = client.resources(HostedControlPlane.class).inNamespace(ns + "-example").withName("example").get();
            assertThat(hcp).isNotNull();
            assertThat(hcp.getMetadata().getAnnotations()).containsKey(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES);
            assertThat(hcp.getSpec().getImageContentSources()).hasSize(1);
        });
        client.resources(HostedCluster.class).inNamespace(ns).withName("example").edit(h -> {
            h.getMetadata().getAnnotations().remove(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES);
            h.getSpec().setImageContentSources(null);
            return h;
        });
        await().atMost(WAIT).untilAsserted(() -> {
            HostedControlPlane hcp = client.resources(HostedControlPlane.class).inNamespace(ns + "-example").withName("example").get();
            assertThat(hcp.getMetadata().getAnnotations()).doesNotContainKey(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES);
            assertThat(hcp.getSpec().getImageContentSources()).isNullOrEmpty();
        });
    }

    @Test
    @RequiresCapability(Capability.CONTROLLERS) // real namespace deletion: the namespace controller, no stand-in
    void whenTheHostedClusterIsDeletedTheControlPlaneNamespaceShouldBeRemovedBeforeTheFinalizer() {
        createPolicy(releaseIdms());
        client.resource(pullSecret()).create();
        client.resource(hostedCluster("example", SOURCE_RELEASE)).create();
        awaitStrings("example", "quay.io/openshift-release-dev/ocp-release=mirror.local/ocp/release");
        await().atMost(WAIT).until(() -> get("example").getMetadata().getFinalizers() != null
                && !get("example").getMetadata().getFinalizers().isEmpty());

        client.resources(HostedCluster.class).inNamespace(ns).withName("example").delete();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(client.namespaces().withName(ns + "-example").get()).as("control-plane namespace").isNull();
            assertThat(get("example")).as("HostedCluster, once its finalizer is removed").isNull();
        });
        assertThat(client.resources(HostedControlPlane.class).inNamespace(ns + "-example").list().getItems()).isEmpty();
        assertThat(client.apps().deployments().inNamespace(ns + "-example").list().getItems()).isEmpty();
    }
}
