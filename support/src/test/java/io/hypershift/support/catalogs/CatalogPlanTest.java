package io.hypershift.support.catalogs;

import static io.hypershift.api.Annotations.CERTIFIED_OPERATORS_CATALOG_IMAGE;
import static io.hypershift.api.Annotations.COMMUNITY_OPERATORS_CATALOG_IMAGE;
import static io.hypershift.api.Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES;
import static io.hypershift.api.Annotations.REDHAT_OPERATORS_CATALOG_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.api.v1beta1.OLMCatalogPlacement;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CatalogPlanTest {
    static final Map<String, String> THREE = Map.of(
            REDHAT_OPERATORS_CATALOG_IMAGE, CatalogOverridesTest.RH,
            CERTIFIED_OPERATORS_CATALOG_IMAGE, CatalogOverridesTest.CERT,
            COMMUNITY_OPERATORS_CATALOG_IMAGE, CatalogOverridesTest.COMM);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("When nothing is set, it should discover and want the ImageStream",
                        Map.of(), OLMCatalogPlacement.MANAGEMENT, CatalogPlan.Discover.class, true, true),
                Arguments.of("When only the registry overrides are set, it should discover through them",
                        Map.of(OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "registry.redhat.io=m.example.com"),
                        OLMCatalogPlacement.MANAGEMENT, CatalogPlan.Discover.class, true, true),
                Arguments.of("When valid image overrides are set, it should use them and want no ImageStream",
                        THREE, OLMCatalogPlacement.MANAGEMENT, CatalogPlan.ImageOverrides.class, true, false),
                Arguments.of("When the placement is guest, it should run no catalog in the control plane",
                        THREE, OLMCatalogPlacement.GUEST, CatalogPlan.Guest.class, false, false),
                Arguments.of("When the placement is unset, it should default to management",
                        Map.of(), null, CatalogPlan.Discover.class, true, true),
                Arguments.of("When the annotations are invalid, it should be invalid whatever the placement",
                        Map.of(REDHAT_OPERATORS_CATALOG_IMAGE, "m.example.com/x:v1"), OLMCatalogPlacement.GUEST,
                        CatalogPlan.Invalid.class, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, Map<String, String> annotations, OLMCatalogPlacement placement,
            Class<? extends CatalogPlan> kind, boolean runs, boolean imageStream) {
        CatalogPlan plan = CatalogPlan.decide(annotations, placement);
        assertThat(plan).isInstanceOf(kind);
        assertThat(plan.runsCatalogsInControlPlane()).isEqualTo(runs);
        assertThat(plan.wantsImageStream()).isEqualTo(imageStream);
        if (plan instanceof CatalogPlan.Invalid invalid) {
            assertThat(invalid.message()).startsWith(CatalogOverrides.DIGEST_ONLY);
        }
        if (plan instanceof CatalogPlan.ImageOverrides o) {
            assertThat(o.images()).hasSize(3);
        }
    }
}
