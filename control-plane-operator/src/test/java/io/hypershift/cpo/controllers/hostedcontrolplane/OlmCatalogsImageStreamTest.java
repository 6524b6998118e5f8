package io.hypershift.cpo.controllers.hostedcontrolplane;

import static io.hypershift.support.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.ImageStream;
import io.hypershift.api.Annotations;
import io.hypershift.api.Conditions;
import io.hypershift.cpo.components.catalogs.CatalogComponents;
import io.hypershift.cpo.release.StaticCatalogBackends;
import io.hypershift.support.catalogs.Catalog;
import io.hypershift.support.catalogs.CatalogImage;
import io.hypershift.support.catalogs.CatalogImageStream;
import io.hypershift.testing.kube.Crds;
import io.hypershift.testing.kube.KubeContext;
import io.hypershift.testing.kube.KubeTest;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CPO's OLM catalogs on a real API server that serves {@code image.openshift.io/v1} (the ImageStream test CRD is
 * installed for this class): the Deployments follow the tags of the {@code catalogs} ImageStream that the
 * hypershift-operator writes, with OpenShift's image trigger; the CPO discovers nothing itself.
 */
@KubeTest
class OlmCatalogsImageStreamTest {
    OlmCatalogsTestSupport t;
    StaticCatalogBackends catalogs;

    @BeforeEach
    void setUp(KubeContext kube) {
        Crds.ensureImageStreams(kube);
        t = new OlmCatalogsTestSupport(kube);
        catalogs = new StaticCatalogBackends(StaticCatalogBackends.redHat("v4.17"), t.clock);
        t.pullSecret("{\"auths\":{}}");
        System.out.println("[cpo olm] backend " + kube.backendName() + " serving image.openshift.io/v1 (test CRD), "
                + "namespace " + t.ns);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private void imageStream(Catalog... catalogsInIt) {
        Map<Catalog, CatalogImage> images = new EnumMap<>(Catalog.class);
        for (Catalog c : catalogsInIt) {
            String spec = "registry.redhat.io/redhat/" + c.indexRepository() + ":v4.17";
            images.put(c, new CatalogImage(c, spec, StaticCatalogBackends.digestOf(spec), spec));
        }
        t.client.resource(CatalogImageStream.desired(t.ns, images)).createOr(r -> r.update());
    }

    @Test
    void whenTheImageStreamExists_theDeploymentsShouldFollowItsTagsWithTriggers() throws Exception {
        t.create(Map.of(), h -> { });
        t.start(null, "4.17.0", catalogs);
        Condition waiting = t.awaitCondition(Conditions.RECONCILIATION_SUCCEEDED, Conditions.FALSE);
        assertThat(waiting.getReason()).isEqualTo(Conditions.WAITING);
        assertThat(waiting.getMessage()).contains("catalogs ImageStream");
        assertThat(t.catalogDeployments()).isEmpty();

        imageStream(Catalog.REDHAT_OPERATORS, Catalog.CERTIFIED_OPERATORS, Catalog.COMMUNITY_OPERATORS);
        // the CPO watches the catalogs ImageStream where ImageStreams are served
        await("three catalog Deployments", () -> t.catalogImages().size() == 3);
        assertThat(t.catalogImages()).containsEntry("redhat-operators-catalog", "catalogs:redhat-operators");
        Deployment d = t.client.apps().deployments().inNamespace(t.ns).withName("community-operators-catalog").get();
        assertThat(d.getMetadata().getAnnotations().get(CatalogComponents.TRIGGERS_ANNOTATION))
                .contains("catalogs:community-operators");
        assertThat(catalogs.probed).as("with ImageStreams the CPO discovers nothing").isEmpty();

        // OpenShift's trigger controller writes the resolved image; the CPO keeps it
        String resolved = "image-registry.openshift-image-registry.svc:5000/" + t.ns + "/catalogs@sha256:" + "7".repeat(64);
        t.client.apps().deployments().inNamespace(t.ns).withName("redhat-operators-catalog").edit(x -> {
            x.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(resolved);
            return x;
        });
        t.awaitAReconcileFrom(() -> t.edit(h -> h.getMetadata().getAnnotations().put("example.com/poke", "1")));
        assertThat(t.catalogImages()).containsEntry("redhat-operators-catalog", resolved);
    }

    @Test
    void whenImageOverridesAreGiven_theDeploymentsShouldUseThemWithoutTriggers() throws Exception {
        imageStream(Catalog.REDHAT_OPERATORS, Catalog.CERTIFIED_OPERATORS, Catalog.COMMUNITY_OPERATORS);
        t.create(OlmCatalogsReconcilerTest.THREE, h -> { });
        t.start(null, "4.17.0", catalogs);
        await("three catalog Deployments", () -> t.catalogImages().size() == 3);
        assertThat(t.catalogImages()).containsEntry("redhat-operators-catalog", OlmCatalogsReconcilerTest.RH);
        assertThat(t.catalogDeployments()).allSatisfy(d -> assertThat(d.getMetadata().getAnnotations())
                .doesNotContainKey(CatalogComponents.TRIGGERS_ANNOTATION));
    }

    @Test
    void whenTheImageStreamHasAMarketplaceTag_itShouldRunTheMarketplaceToo() throws Exception {
        imageStream(Catalog.values());
        t.create(Map.of(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "="), h -> { });
        t.start(null, "4.17.0", catalogs);
        await("four catalog Deployments", () -> t.catalogImages().size() == 4);
        assertThat(t.client.resources(ImageStream.class).inNamespace(t.ns).withName("catalogs").get()).isNotNull();
    }
}
