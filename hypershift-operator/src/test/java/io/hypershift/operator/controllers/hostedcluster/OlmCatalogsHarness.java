package io.hypershift.operator.controllers.hostedcluster;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.ImageStream;
import io.hypershift.api.Annotations;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedClusterSpec;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.api.v1beta1.Release;
import io.hypershift.operator.runtime.OperatorRuntime;
import io.hypershift.operator.testing.OperatorHarness;
import io.hypershift.operator.testing.TestCatalogs;
import io.hypershift.operator.testing.TestReleases;
import io.hypershift.support.catalogs.CatalogImageStream;
import io.hypershift.support.releaseinfo.ReleaseImage;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.Updates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operator in-process for the OLM catalog tests: release 4.17.0 served at its source, catalog index images
 * published up to v4.16 at registry.redhat.io/redhat and v4.15 at mirror.example.com/olm (discovery over that fixed
 * set, {@link TestCatalogs}).
 */
final class OlmCatalogsHarness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String RELEASE = "quay.io/openshift-release-dev/ocp-release@sha256:" + "a".repeat(64);
    static final String D1 = "sha256:" + "1".repeat(64);
    static final String RH = "mirror.example.com/olm/redhat-operator-index@" + D1;
    static final String CERT = "mirror.example.com/olm/certified-operator-index@sha256:" + "2".repeat(64);
    static final String COMM = "mirror.example.com/olm/community-operator-index@sha256:" + "3".repeat(64);
    static final String MKT = "mirror.example.com/olm/redhat-marketplace-index@sha256:" + "4".repeat(64);
    static final Map<String, String> THREE = Map.of(Annotations.REDHAT_OPERATORS_CATALOG_IMAGE, RH,
            Annotations.CERTIFIED_OPERATORS_CATALOG_IMAGE, CERT, Annotations.COMMUNITY_OPERATORS_CATALOG_IMAGE, COMM);

    final KubeContext kube;
    final KubernetesClient client;
    final String ns;
    final TestCatalogs catalogs;
    final OperatorRuntime operator;

    OlmCatalogsHarness(KubeContext kube) {
        this.kube = kube;
        this.client = kube.client();
        ns = "olm-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        kube.deleteAfterTest(client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                .endMetadata().build()).create());
        OperatorHarness.prepareCrds(kube);
        List<String> existing = new ArrayList<>(TestCatalogs.required("registry.redhat.io/redhat", "v4.16"));
        existing.addAll(TestCatalogs.required("mirror.example.com/olm", "v4.15"));
        catalogs = new TestCatalogs(existing);
        ReleaseImage release = TestReleases.release(RELEASE, "4.17.0",
                Map.of("hypershift", "quay.io/ocp/cpo@sha256:" + "b".repeat(64)));
        operator = OperatorHarness.start(kube, OperatorHarness.options(ns, false, null),
                TestReleases.holding(Map.of(RELEASE, release)), catalogs);
        String json = "{\"auths\":{\"mirror.example.com\":{\"auth\":\"" + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8)) + "\"}}}";
        client.resource(new SecretBuilder().withMetadata(new ObjectMetaBuilder().withName("pull-secret").withNamespace(ns).build())
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))))
                .build()).create();
    }

    String cpns() {
        return ns + "-example";
    }

    void create(Map<String, String> annotations, Consumer<HostedCluster> more) {
        HostedCluster hc = new HostedCluster();
        hc.setMetadata(new ObjectMetaBuilder().withName("example").withNamespace(ns).withAnnotations(new HashMap<>(annotations)).build());
        HostedClusterSpec spec = new HostedClusterSpec();
        spec.setRelease(new Release(RELEASE));
        spec.setPullSecret(new LocalObjectReference("pull-secret"));
        hc.setSpec(spec);
        more.accept(hc);
        client.resource(hc).create();
    }

    HostedCluster hc() {
        return client.resources(HostedCluster.class).inNamespace(ns).withName("example").get();
    }

    /** Changes the HostedCluster's annotations only (no generation bump), retrying on a conflict with the operator. */
    void editAnnotations(Consumer<Map<String, String>> change) {
        Updates.retryOnConflict(client, this::hc, h -> {
            Map<String, String> a = h.getMetadata().getAnnotations() == null ? new HashMap<>()
                    : new HashMap<>(h.getMetadata().getAnnotations());
            change.accept(a);
            h.getMetadata().setAnnotations(a);
        });
    }

    Optional<Condition> condition(String type) {
        HostedCluster h = hc();
        return h == null || h.getStatus() == null ? Optional.empty()
                : h.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Waits for {@code type} with {@code status} and a message starting with {@code prefix}. */
    Condition awaitCondition(String type, String status, String prefix) {
        await().atMost(WAIT).until(() -> condition(type).filter(c -> status.equals(c.getStatus())
                && c.getMessage() != null && c.getMessage().startsWith(prefix)).isPresent());
        return condition(type).orElseThrow();
    }

    HostedControlPlane hcp() {
        return client.resources(HostedControlPlane.class).inNamespace(cpns()).withName("example").get();
    }

    ImageStream imageStream() {
        return client.resources(ImageStream.class).inNamespace(cpns()).withName(CatalogImageStream.NAME).get();
    }

    boolean imageStreamsServed() {
        return OlmCatalogs.imageStreamsServed(client);
    }

    @Override
    public void close() {
        operator.close();
    }
}
