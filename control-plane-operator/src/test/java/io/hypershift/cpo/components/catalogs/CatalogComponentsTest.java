package io.hypershift.cpo.components.catalogs;

import static io.hypershift.cpo.components.Fixtures.SERIALIZATION;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hypershift.api.ControlPlaneContract;
import io.hypershift.cpo.components.Fixtures;
import io.hypershift.support.catalogs.Catalog;
import io.hypershift.support.catalogs.CatalogWorkload;
import io.hypershift.support.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogComponentsTest {
    static final String PINNED = "mirror.example.com/redhat/redhat-operator-index@sha256:" + "1".repeat(64);

    @Test
    void whenPinned_theDeploymentShouldRunTheDigestAndMatchItsGoldenFixture() {
        Deployment d = CatalogComponents.deployment(Fixtures.hcp(List.of()),
                new CatalogWorkload(Catalog.REDHAT_OPERATORS, PINNED, false));
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(d.getMetadata().getName()).isEqualTo("redhat-operators-catalog");
        assertThat(c.getName()).isEqualTo("registry");
        assertThat(c.getImage()).isEqualTo(PINNED);
        assertThat(c.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(50051));
        assertThat(c.getReadinessProbe().getGrpc().getPort()).isEqualTo(50051);
        assertThat(d.getSpec().getSelector().getMatchLabels()).containsEntry("olm.catalogSource", "redhat-operators");
        assertThat(d.getMetadata().getLabels()).containsEntry(ControlPlaneContract.MANAGED_BY_LABEL,
                ControlPlaneContract.CONTROL_PLANE_OPERATOR);
        assertThat(d.getMetadata().getAnnotations()).doesNotContainKey(CatalogComponents.TRIGGERS_ANNOTATION);
        assertThat(d.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("HostedControlPlane"));
        Golden.assertMatches("catalogs/redhat-operators-catalog-pinned.yaml", SERIALIZATION.asYaml(d));
    }

    @Test
    void whenFollowingTheImageStream_theDeploymentShouldCarryTheTriggerAndResolveNames() {
        Deployment d = CatalogComponents.deployment(Fixtures.hcp(List.of()),
                new CatalogWorkload(Catalog.COMMUNITY_OPERATORS, "catalogs:community-operators", true));
        assertThat(d.getMetadata().getAnnotations().get(CatalogComponents.TRIGGERS_ANNOTATION))
                .isEqualTo("[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"catalogs:community-operators\"},"
                        + "\"fieldPath\":\"spec.template.spec.containers[?(@.name==\\\"registry\\\")].image\"}]");
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(CatalogComponents.RESOLVE_NAMES_ANNOTATION, "*");
        Golden.assertMatches("catalogs/community-operators-catalog-imagestream.yaml", SERIALIZATION.asYaml(d));
    }

    @Test
    void theServiceShouldBeNamedAfterTheCatalogAndSelectItsPods() {
        var s = CatalogComponents.service(Fixtures.hcp(List.of()), Catalog.CERTIFIED_OPERATORS);
        assertThat(s.getMetadata().getName()).isEqualTo("certified-operators");
        assertThat(s.getSpec().getSelector()).containsExactlyEntriesOf(
                java.util.Map.of("olm.catalogSource", "certified-operators"));
        assertThat(s.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(50051));
        Golden.assertMatches("catalogs/certified-operators-service.yaml", SERIALIZATION.asYaml(s));
    }
}
