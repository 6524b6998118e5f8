package io.hypershift.cpo.controllers.hostedcontrolplane;

import static io.hypershift.api.Annotations.CERTIFIED_OPERATORS_CATALOG_IMAGE;
import static io.hypershift.api.Annotations.COMMUNITY_OPERATORS_CATALOG_IMAGE;
import static io.hypershift.api.Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES;
import static io.hypershift.api.Annotations.REDHAT_MARKETPLACE_CATALOG_IMAGE;
import static io.hypershift.api.Annotations.REDHAT_OPERATORS_CATALOG_IMAGE;
import static io.hypershift.cpo.release.StaticCatalogBackends.digestOf;
import static io.hypershift.support.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.hypershift.api.Conditions;
import io.hypershift.api.v1beta1.OLMCatalogPlacement;
import io.hypershift.cpo.release.StaticCatalogBackends;
import io.hypershift.support.catalogs.CatalogOverrides;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.hypershift.testing.kube.Crds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CPO's OLM catalogs on a real API server that does not serve {@code image.openshift.io/v1} (kube-apiserver + etcd,
 * as on k3s): every annotation case of SPEC §9. Catalog discovery runs over a fixed set of index images (release 4.17,
 * catalogs published up to v4.16); OlmCatalogsRegistryTest does it against a real registry.
 */
@KubeTest
class OlmCatalogsReconcilerTest {
    static final String D1 = "sha256:" + "1".repeat(64);
    static final String D2 = "sha256:" + "2".repeat(64);
    static final String D3 = "sha256:" + "3".repeat(64);
    static final String D4 = "sha256:" + "4".repeat(64);
    static final String RH = "mirror.example.com/olm/redhat-operator-index@" + D1;
    static final String CERT = "mirror.example.com/olm/certified-operator-index@" + D2;
    static final String COMM = "mirror.example.com/olm/community-operator-index@" + D3;
    static final String MKT = "mirror.example.com/olm/redhat-marketplace-index@" + D4;
    static final Map<String, String> THREE = Map.of(REDHAT_OPERATORS_CATALOG_IMAGE, RH,
            CERTIFIED_OPERATORS_CATALOG_IMAGE, CERT, COMMUNITY_OPERATORS_CATALOG_IMAGE, COMM);
    static final String RO = "mirror.example.com/olm=registry.local:5000/olm";

    OlmCatalogsTestSupport t;
    StaticCatalogBackends catalogs;

    @BeforeEach
    void setUp(KubeContext kube) {
        Assumptions.assumeFalse(Crds.servesImageStreams(kube.client()),
                "this cluster serves image.openshift.io/v1 ImageStreams: the not-served branch cannot run here");
        t = new OlmCatalogsTestSupport(kube);
        List<String> existing = new ArrayList<>(StaticCatalogBackends.redHat("v4.16"));
        existing.addAll(StaticCatalogBackends.required("mirror.example.com/olm", "v4.15"));
        catalogs = new StaticCatalogBackends(existing, t.clock);
        t.pullSecret("{\"auths\":{\"mirror.example.com\":{\"auth\":\"dXNlcjpzZWNyZXQ=\"}}}");
        System.out.println("[cpo olm] backend " + kube.backendName() + " (no ImageStreams), namespace " + t.ns);
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
    void whenNoAnnotationIsSet_itShouldPinTheDiscoveredCatalogsByDigest() throws Exception {
        t.create(Map.of(), h -> { });
        t.start(null, "4.17.0", catalogs);
        await("three catalog Deployments", () -> t.catalogImages().size() == 3);
        String rh = "registry.redhat.io/redhat/redhat-operator-index";
        assertThat(t.catalogImages()).containsEntry("redhat-operators-catalog", rh + "@" + digestOf(rh + ":v4.16"))
                .containsKeys("certified-operators-catalog", "community-operators-catalog");
        // a Service is written after its Deployment
        await("three catalog Services", () -> t.catalogServices().size() == 3);
        assertThat(t.catalogServices()).containsExactly("certified-operators", "community-operators", "redhat-operators");
        Condition valid = t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE);
        assertThat(valid.getReason()).isEqualTo(Conditions.AS_EXPECTED);
        assertThat(catalogs.probed).contains(rh + ":v4.17", rh + ":v4.16").doesNotContain(rh + ":v4.15");
    }

    @Test
    void whenThreeValidImagesAreGiven_itShouldRunThemWithRoAndNoMarketplace() throws Exception {
        t.create(THREE, h -> { });
        t.start(RO, "4.17.0", catalogs);
        await("three catalog Deployments", () -> t.catalogImages().size() == 3);
        assertThat(t.catalogImages()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "redhat-operators-catalog", "registry.local:5000/olm/redhat-operator-index@" + D1,
                "certified-operators-catalog", "registry.local:5000/olm/certified-operator-index@" + D2,
                "community-operators-catalog", "registry.local:5000/olm/community-operator-index@" + D3));
        t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE);
        assertThat(catalogs.probed).as("image overrides need no discovery").isEmpty();
    }

    @Test
    void whenFourValidImagesAreGiven_itShouldRunTheMarketplaceToo() throws Exception {
        t.create(with(THREE, REDHAT_MARKETPLACE_CATALOG_IMAGE, MKT), h -> { });
        t.start(null, "4.17.0", catalogs);
        await("four catalog Deployments", () -> t.catalogImages().size() == 4);
        assertThat(t.catalogImages()).containsEntry("redhat-marketplace-catalog", MKT);
        await("the marketplace Service", () -> t.catalogServices().contains("redhat-marketplace"));
        t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE);
    }

    @Test
    void whenSomeImagesAreMissing_itShouldSayAllOrNoneAndRunNothing() throws Exception {
        t.create(Map.of(REDHAT_OPERATORS_CATALOG_IMAGE, RH, CERTIFIED_OPERATORS_CATALOG_IMAGE, CERT), h -> { });
        t.start(null, "4.17.0", catalogs);
        Condition c = t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.FALSE);
        assertThat(c.getReason()).isEqualTo(Conditions.INVALID_CATALOG_OVERRIDES);
        assertThat(c.getMessage()).startsWith(CatalogOverrides.ALL_OR_NONE).contains(COMMUNITY_OPERATORS_CATALOG_IMAGE);
        assertThat(t.catalogDeployments()).isEmpty();
        assertThat(catalogs.probed).isEmpty();
    }

    @Test
    void whenAnImageIsByTag_itShouldSayDigestOnly() throws Exception {
        t.create(with(THREE, CERTIFIED_OPERATORS_CATALOG_IMAGE, "mirror.example.com/olm/certified-operator-index:v4.17"),
                h -> { });
        t.start(null, "4.17.0", catalogs);
        Condition c = t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.FALSE);
        assertThat(c.getMessage()).startsWith(CatalogOverrides.DIGEST_ONLY).contains(CERTIFIED_OPERATORS_CATALOG_IMAGE);
        assertThat(t.catalogDeployments()).isEmpty();
    }

    @Test
    void whenOnlyTheRegistryOverridesAnnotationIsSet_itShouldDiscoverOnTheMirror() throws Exception {
        t.create(Map.of(OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "registry.redhat.io/redhat=mirror.example.com/olm"), h -> { });
        t.start(null, "4.17.0", catalogs);
        await("three catalog Deployments", () -> t.catalogImages().size() == 3);
        String cert = "mirror.example.com/olm/certified-operator-index";
        assertThat(t.catalogImages()).containsEntry("certified-operators-catalog", cert + "@" + digestOf(cert + ":v4.15"));
        assertThat(catalogs.probed).allMatch(i -> i.startsWith("mirror.example.com/olm/"));
    }

    @Test
    void whenTheImageAnnotationsAreRemoved_itShouldGoBackToDiscovery() throws Exception {
        t.create(THREE, h -> { });
        t.start(null, "4.17.0", catalogs);
        await("the override images", () -> t.catalogImages().containsValue(RH));
        t.edit(h -> THREE.keySet().forEach(h.getMetadata().getAnnotations()::remove));
        String rh = "registry.redhat.io/redhat/redhat-operator-index";
        await("the discovered images", () -> (rh + "@" + digestOf(rh + ":v4.16"))
                .equals(t.catalogImages().get("redhat-operators-catalog")));
        assertThat(t.catalogImages()).hasSize(3);
    }

    @Test
    void whenTheMarketplaceImageIsRemoved_itsDeploymentAndServiceShouldGo() throws Exception {
        t.create(with(THREE, REDHAT_MARKETPLACE_CATALOG_IMAGE, MKT), h -> { });
        t.start(null, "4.17.0", catalogs);
        await("four catalog Deployments", () -> t.catalogImages().size() == 4);
        t.edit(h -> h.getMetadata().getAnnotations().remove(REDHAT_MARKETPLACE_CATALOG_IMAGE));
        await("three catalog Deployments", () -> t.catalogImages().size() == 3);
        await("the marketplace Service to go", () -> !t.catalogServices().contains("redhat-marketplace"));
    }

    @Test
    void whenThePlacementIsGuest_itShouldRunNoCatalog() throws Exception {
        t.create(THREE, h -> h.getSpec().setOlmCatalogPlacement(OLMCatalogPlacement.GUEST));
        t.start(null, "4.17.0", catalogs);
        Condition c = t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE);
        assertThat(c.getMessage()).contains("guest");
        t.awaitCondition(Conditions.VALID_RELEASE_IMAGE, Conditions.TRUE);
        assertThat(t.catalogDeployments()).isEmpty();
        assertThat(t.catalogServices()).isEmpty();
        assertThat(catalogs.probed).isEmpty();
    }

    @Test
    void whenValidOverridesTurnInvalid_itShouldKeepTheLastGoodCatalogs() throws Exception {
        t.create(THREE, h -> { });
        t.start(null, "4.17.0", catalogs);
        await("three catalog Deployments", () -> t.catalogImages().size() == 3);
        t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE);
        Map<String, String> images = t.catalogImages();
        Map<String, String> versions = t.writtenVersions();

        t.edit(h -> h.getMetadata().getAnnotations().put(REDHAT_OPERATORS_CATALOG_IMAGE,
                "mirror.example.com/olm/redhat-operator-index:latest"));
        Condition c = t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.FALSE);
        assertThat(c.getMessage()).startsWith(CatalogOverrides.DIGEST_ONLY);
        assertThat(t.catalogImages()).isEqualTo(images);
        assertThat(t.writtenVersions()).as("nothing was rewritten").isEqualTo(versions);

        // a partial set after that is invalid too, and still nothing changes
        // (annotations bump no generation: wait for the message itself)
        t.edit(h -> h.getMetadata().getAnnotations().remove(REDHAT_OPERATORS_CATALOG_IMAGE));
        await("the all-or-none message", () -> t.condition(Conditions.VALID_OLM_CATALOG_OVERRIDES)
                .filter(k -> k.getMessage().startsWith(CatalogOverrides.ALL_OR_NONE)).isPresent());
        assertThat(t.writtenVersions()).isEqualTo(versions);

        // fixed: the new images roll out
        t.edit(h -> h.getMetadata().getAnnotations().put(REDHAT_OPERATORS_CATALOG_IMAGE,
                "mirror.example.com/olm/redhat-operator-index@" + D4));
        t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE);
        await("the fixed image", () -> t.catalogImages().get("redhat-operators-catalog").endsWith(D4));
    }

    @Test
    void whenDiscoveryFails_itShouldKeepTheCatalogsThatRunAndSayWhy() throws Exception {
        t.create(Map.of(), h -> { });
        t.start(null, "4.17.0", catalogs);
        await("three catalog Deployments", () -> t.catalogImages().size() == 3);
        Map<String, String> versions = t.writtenVersions();

        // the annotation now sends discovery to a mirror that holds no catalog
        t.edit(h -> h.getMetadata().getAnnotations().put(OLM_CATALOGS_IS_REGISTRY_OVERRIDES,
                "registry.redhat.io=empty.example.com"));
        Condition failed = t.awaitCondition(Conditions.RECONCILIATION_SUCCEEDED, Conditions.FALSE);
        assertThat(failed.getReason()).isEqualTo(Conditions.LOOKUP_FAILED);
        assertThat(failed.getMessage()).contains("failed to fetch image digest for 4 previous versions of")
                .contains("empty.example.com/redhat/");
        assertThat(t.writtenVersions()).isEqualTo(versions);
        t.awaitCondition(Conditions.VALID_OLM_CATALOG_OVERRIDES, Conditions.TRUE);
    }
}
