package io.hypershift.operator.controllers.hostedcluster;

import static io.hypershift.operator.controllers.hostedcluster.OlmCatalogsHarness.MKT;
import static io.hypershift.operator.controllers.hostedcluster.OlmCatalogsHarness.RH;
import static io.hypershift.operator.controllers.hostedcluster.OlmCatalogsHarness.THREE;
import static io.hypershift.operator.controllers.hostedcluster.OlmCatalogsHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.hypershift.api.Annotations;
import io.hypershift.api.Conditions;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.api.v1beta1.OLMCatalogPlacement;
import io.hypershift.support.catalogs.CatalogOverrides;
import io.hypershift.testing.kube.Capability;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import io.hypershift.testing.kube.RequiresCapability;
import java.util.HashMap;
import java.util.Map;
import io.hypershift.testing.kube.Crds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hypershift-operator's OLM catalog handling on a real API server that does not serve ImageStreams (a plain
 * kube-apiserver, as k3s): annotations copied to the HostedControlPlane and removed with the HostedCluster's,
 * {@code ValidOLMCatalogOverrides} for every annotation case, and no discovery (the CPO pins the catalogs there).
 */
@KubeTest(crds = false)
class OlmCatalogsHostedClusterTest {
    OlmCatalogsHarness t;

    @BeforeEach
    void start(KubeContext kube) {
        Assumptions.assumeFalse(Crds.servesImageStreams(kube.client()),
                "this cluster serves image.openshift.io/v1 ImageStreams: the not-served branch cannot run here");
        t = new OlmCatalogsHarness(kube);
        System.out.println("[ho olm] backend " + kube.backendName() + " (no ImageStreams), namespace " + t.ns);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void whenNoAnnotationIsSet_theOverridesShouldBeValidAndNothingDiscovered() {
        t.create(Map.of(), h -> { });
        Condition c = t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE, "");
        assertThat(c.getReason()).isEqualTo(Conditions.AS_EXPECTED);
        assertThat(c.getObservedGeneration()).isEqualTo(t.hc().getMetadata().getGeneration());
        assertThat(t.catalogs.probed).as("without ImageStreams the CPO discovers, not the HO").isEmpty();
    }

    @Test
    void whenAnnotationsAreAddedChangedAndRemoved_theHostedControlPlaneShouldFollowWithoutASpecChange() {
        t.create(Map.of(), h -> { });
        await().atMost(WAIT).until(() -> t.hcp() != null);
        t.editAnnotations(a -> a.putAll(with(THREE, Annotations.REDHAT_MARKETPLACE_CATALOG_IMAGE, MKT,
                Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "registry.redhat.io=mirror.example.com")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(t.hcp().getMetadata().getAnnotations())
                .containsEntry(Annotations.REDHAT_OPERATORS_CATALOG_IMAGE, RH)
                .containsEntry(Annotations.REDHAT_MARKETPLACE_CATALOG_IMAGE, MKT)
                .containsEntry(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "registry.redhat.io=mirror.example.com"));
        t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE, "the catalogs run the given images");

        t.editAnnotations(a -> {
            Annotations.OLM_ANNOTATIONS.forEach(a::remove);
            a.put("example.com/unrelated", "kept off the HostedControlPlane");
        });
        await().atMost(WAIT).untilAsserted(() -> {
            HostedControlPlane hcp = t.hcp();
            Annotations.OLM_ANNOTATIONS.forEach(k -> assertThat(hcp.getMetadata().getAnnotations()).doesNotContainKey(k));
            assertThat(hcp.getMetadata().getAnnotations()).doesNotContainKey("example.com/unrelated");
        });
        t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE, "the catalogs follow the release");
    }

    @Test
    void whenFourImagesAreGiven_theyShouldBeValid() {
        t.create(with(THREE, Annotations.REDHAT_MARKETPLACE_CATALOG_IMAGE, MKT), h -> { });
        t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE, "the catalogs run the given images");
    }

    @Test
    void whenSomeImagesAreMissing_itShouldSayAllOrNoneAndStillCopyTheAnnotations() {
        t.create(Map.of(Annotations.REDHAT_OPERATORS_CATALOG_IMAGE, RH), h -> { });
        Condition c = t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.FALSE, CatalogOverrides.ALL_OR_NONE);
        assertThat(c.getReason()).isEqualTo(Conditions.INVALID_CATALOG_OVERRIDES);
        assertThat(c.getMessage()).contains(Annotations.CERTIFIED_OPERATORS_CATALOG_IMAGE)
                .contains(Annotations.COMMUNITY_OPERATORS_CATALOG_IMAGE);
        // the CPO validates the same annotations and keeps its catalogs as they are
        await().atMost(WAIT).untilAsserted(() -> assertThat(t.hcp().getMetadata().getAnnotations())
                .containsEntry(Annotations.REDHAT_OPERATORS_CATALOG_IMAGE, RH));
        await().atMost(WAIT).untilAsserted(() -> assertThat(t.client.v1().events().inNamespace(t.ns).list().getItems())
                .extracting(Event::getReason).contains(Conditions.INVALID_CATALOG_OVERRIDES));
    }

    @Test
    void whenAnImageIsByTag_itShouldSayDigestOnly() {
        t.create(with(THREE, Annotations.COMMUNITY_OPERATORS_CATALOG_IMAGE, "mirror.example.com/olm/community-operator-index:v4.17"),
                h -> { });
        Condition c = t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.FALSE, CatalogOverrides.DIGEST_ONLY);
        assertThat(c.getMessage()).contains("community-operator-index:v4.17");
    }

    @Test
    void whenTheRegistryOverridesAnnotationIsMalformed_itShouldSaySoNamingTheAnnotation() {
        t.create(Map.of(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "registry.redhat.io"), h -> { });
        Condition c = t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.FALSE,
                "annotation " + Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES);
        assertThat(c.getMessage()).contains("has no '='");
    }

    @Test
    void whenThePlacementIsGuest_itShouldBeCopied() {
        t.create(THREE, h -> h.getSpec().setOlmCatalogPlacement(OLMCatalogPlacement.GUEST));
        t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE, "olmCatalogPlacement is guest");
        await().atMost(WAIT).until(() -> t.hcp() != null
                && t.hcp().getSpec().getOlmCatalogPlacement() == OLMCatalogPlacement.GUEST);
        assertThat(t.imageStreamsServed()).isFalse();
    }

    @Test
    @RequiresCapability(Capability.SCHEMA_VALIDATION) // the CRD's CEL rule rejects the change
    void whenThePlacementIsGuest_itShouldBeImmutable() {
        t.create(THREE, h -> h.getSpec().setOlmCatalogPlacement(OLMCatalogPlacement.GUEST));
        t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE, "olmCatalogPlacement is guest");
        var hc = t.hc();
        hc.getSpec().setOlmCatalogPlacement(OLMCatalogPlacement.MANAGEMENT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.client.resource(hc).update())
                .hasMessageContaining("OLMCatalogPlacement is immutable");
    }
}
