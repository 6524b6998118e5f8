package io.hypershift.operator.controllers.hostedcluster;

import static io.hypershift.operator.controllers.hostedcluster.OlmCatalogsHarness.THREE;
import static io.hypershift.operator.controllers.hostedcluster.OlmCatalogsHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.openshift.api.model.ImageStream;
import io.fabric8.openshift.api.model.TagReference;
import io.hypershift.api.Annotations;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.api.Conditions;
import io.hypershift.api.v1beta1.OLMCatalogPlacement;
import io.hypershift.support.catalogs.CatalogImageStream;
import io.hypershift.support.catalogs.CatalogOverrides;
import io.hypershift.testing.kube.Crds;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hypershift-operator's {@code catalogs} ImageStream on a real API server that serves {@code image.openshift.io/v1}
 * (the ImageStream test CRD, installed for this class): written from discovery, following the registry-overrides
 * annotation, removed for image overrides and guest placement, and never taken away by invalid annotations or a
 * failed discovery.
 */
@KubeTest(crds = false)
class OlmCatalogsImageStreamTest {
    OlmCatalogsHarness t;

    @BeforeEach
    void start(KubeContext kube) {
        Crds.ensureImageStreams(kube);
        t = new OlmCatalogsHarness(kube);
        System.out.println("[ho olm] backend " + kube.backendName() + " serving image.openshift.io/v1 (test CRD), "
                + "namespace " + t.ns);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    static Map<String, String> tags(ImageStream is) {
        return CatalogImageStream.tagSources(is);
    }

    @Test
    void whenNoAnnotationIsSet_itShouldWriteTheImageStreamFromTheNewestPublishedCatalogs() {
        t.create(Map.of(), h -> { });
        await().atMost(WAIT).until(() -> t.imageStream() != null);
        ImageStream is = t.imageStream();
        assertThat(tags(is)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "redhat-operators", "registry.redhat.io/redhat/redhat-operator-index:v4.16",
                "certified-operators", "registry.redhat.io/redhat/certified-operator-index:v4.16",
                "community-operators", "registry.redhat.io/redhat/community-operator-index:v4.16"));
        assertThat(is.getSpec().getLookupPolicy().getLocal()).isTrue();
        for (TagReference tag : is.getSpec().getTags()) {
            assertThat(tag.getFrom().getKind()).isEqualTo("DockerImage");
            assertThat(tag.getReferencePolicy().getType()).isEqualTo("Local");
            assertThat(tag.getImportPolicy().getScheduled()).isTrue();
        }
        assertThat(is.getMetadata().getLabels()).containsEntry(ControlPlaneContract.MANAGED_BY_LABEL,
                ControlPlaneContract.MANAGED_BY_VALUE);
        assertThat(is.getMetadata().getAnnotations()).containsEntry(Annotations.HOSTED_CLUSTER, t.ns + "/example");
        assertThat(t.catalogs.probed).contains("registry.redhat.io/redhat/redhat-operator-index:v4.17",
                "registry.redhat.io/redhat/redhat-operator-index:v4.16");
        t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE, "the catalogs follow the release");
    }

    @Test
    void whenTheRegistryOverridesAnnotationIsSet_theTagsShouldNameTheMirror() {
        t.create(Map.of(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "registry.redhat.io/redhat=mirror.example.com/olm"),
                h -> { });
        await().atMost(WAIT).until(() -> t.imageStream() != null);
        assertThat(tags(t.imageStream())).containsEntry("redhat-operators",
                "mirror.example.com/olm/redhat-operator-index:v4.15");
        // changed to the registry.redhat.io key (no path: /redhat appended); annotations alone trigger the reconcile
        t.editAnnotations(a -> a.put(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "registry.redhat.io=registry.redhat.io"));
        await().atMost(WAIT).until(() -> "registry.redhat.io/redhat/redhat-operator-index:v4.16"
                .equals(tags(t.imageStream()).get("redhat-operators")));
    }

    @Test
    void whenValidImageOverridesAreSet_theImageStreamShouldBeDeleted() {
        t.create(Map.of(), h -> { });
        await().atMost(WAIT).until(() -> t.imageStream() != null);
        t.editAnnotations(a -> a.putAll(THREE));
        await().atMost(WAIT).until(() -> t.imageStream() == null);
        t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE, "the catalogs run the given images");

        // and back: removing the image annotations brings it back
        t.editAnnotations(a -> THREE.keySet().forEach(a::remove));
        await().atMost(WAIT).until(() -> t.imageStream() != null);
    }

    @Test
    void whenThePlacementIsGuest_thereShouldBeNoImageStream() throws Exception {
        t.create(Map.of(), h -> h.getSpec().setOlmCatalogPlacement(OLMCatalogPlacement.GUEST));
        t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE, "olmCatalogPlacement is guest");
        await().atMost(WAIT).until(() -> t.hcp() != null);
        assertThat(t.imageStream()).isNull();
        assertThat(t.catalogs.probed).isEmpty();
    }

    @Test
    void whenTheAnnotationsTurnInvalid_theImageStreamShouldStayAsItWas() {
        t.create(Map.of(), h -> { });
        await().atMost(WAIT).until(() -> t.imageStream() != null);
        String version = t.imageStream().getMetadata().getResourceVersion();

        t.editAnnotations(a -> a.put(Annotations.REDHAT_OPERATORS_CATALOG_IMAGE, OlmCatalogsHarness.RH));
        Condition c = t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.FALSE, CatalogOverrides.ALL_OR_NONE);
        assertThat(c.getReason()).isEqualTo(Conditions.INVALID_CATALOG_OVERRIDES);
        assertThat(t.imageStream()).as("working catalogs are never taken away").isNotNull();
        assertThat(t.imageStream().getMetadata().getResourceVersion()).isEqualTo(version);

        t.editAnnotations(a -> a.put(Annotations.REDHAT_OPERATORS_CATALOG_IMAGE, "mirror.example.com/olm/x:latest"));
        t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.FALSE, CatalogOverrides.DIGEST_ONLY);
        assertThat(t.imageStream().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void whenDiscoveryFails_theImageStreamShouldStayAndTheStatusSayWhy() {
        t.create(Map.of(), h -> { });
        await().atMost(WAIT).until(() -> t.imageStream() != null);
        String version = t.imageStream().getMetadata().getResourceVersion();

        t.editAnnotations(a -> a.put(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "registry.redhat.io=empty.example.com"));
        Condition failed = t.awaitCondition(Conditions.RECONCILIATION_SUCCEEDED, Conditions.FALSE, "OLM catalog images:");
        assertThat(failed.getMessage()).contains("failed to fetch image digest for 4 previous versions of")
                .contains("empty.example.com/redhat/redhat-operator-index:v4.14");
        assertThat(t.imageStream().getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(t.catalogs.probed).contains("empty.example.com/redhat/redhat-operator-index:v4.17");
    }
}
