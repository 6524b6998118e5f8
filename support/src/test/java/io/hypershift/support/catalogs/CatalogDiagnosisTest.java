package io.hypershift.support.catalogs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.api.Annotations;
import io.hypershift.api.v1beta1.OLMCatalogPlacement;
import io.hypershift.support.catalogs.CatalogDiagnosis.Finding;
import io.hypershift.support.catalogs.CatalogDiagnosis.Observed;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CatalogDiagnosisTest {
    static final String PIN = "m.example.com/redhat/redhat-operator-index@" + CatalogOverridesTest.D1;
    static final Map<Catalog, String> PINNED = Map.of(
            Catalog.REDHAT_OPERATORS, PIN,
            Catalog.CERTIFIED_OPERATORS, "m.example.com/redhat/certified-operator-index@" + CatalogOverridesTest.D2,
            Catalog.COMMUNITY_OPERATORS, "m.example.com/redhat/community-operator-index@" + CatalogOverridesTest.D3);
    static final Map<String, String> TAGS = Map.of(
            "redhat-operators", "m.example.com/redhat/redhat-operator-index:v4.17",
            "certified-operators", "m.example.com/redhat/certified-operator-index:v4.17",
            "community-operators", "m.example.com/redhat/community-operator-index:v4.17");
    static final Map<Catalog, String> FROM_TAGS = Map.of(
            Catalog.REDHAT_OPERATORS, "catalogs:redhat-operators",
            Catalog.CERTIFIED_OPERATORS, "catalogs:certified-operators",
            Catalog.COMMUNITY_OPERATORS, "catalogs:community-operators");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("When nothing is overridden on k3s and each catalog is pinned, it should be OK",
                        Map.of(), OLMCatalogPlacement.MANAGEMENT, new Observed(false, Optional.empty(), PINNED),
                        true, 3),
                Arguments.of("When nothing is overridden on k3s and a catalog runs a tag, it should be a mismatch",
                        Map.of(), OLMCatalogPlacement.MANAGEMENT, new Observed(false, Optional.empty(),
                                Map.of(Catalog.REDHAT_OPERATORS, "m.example.com/redhat/redhat-operator-index:v4.17",
                                        Catalog.CERTIFIED_OPERATORS, PINNED.get(Catalog.CERTIFIED_OPERATORS),
                                        Catalog.COMMUNITY_OPERATORS, PINNED.get(Catalog.COMMUNITY_OPERATORS))),
                        false, 3),
                Arguments.of("When ImageStreams are served and it has the three tags, it should be OK",
                        Map.of(), OLMCatalogPlacement.MANAGEMENT, new Observed(true, Optional.of(TAGS), FROM_TAGS),
                        true, 4),
                Arguments.of("When ImageStreams are served and the ImageStream is missing, it should be a mismatch",
                        Map.of(), OLMCatalogPlacement.MANAGEMENT, new Observed(true, Optional.empty(), Map.of()),
                        false, 4),
                Arguments.of("When image overrides are given and the Deployments run their digests, it should be OK",
                        CatalogPlanTest.THREE, OLMCatalogPlacement.MANAGEMENT,
                        new Observed(true, Optional.empty(), PINNED), true, 4),
                Arguments.of("When image overrides are given and the ImageStream is left over, it should be a mismatch",
                        CatalogPlanTest.THREE, OLMCatalogPlacement.MANAGEMENT,
                        new Observed(true, Optional.of(TAGS), PINNED), false, 4),
                Arguments.of("When the placement is guest and nothing runs, it should be OK",
                        Map.of(), OLMCatalogPlacement.GUEST, new Observed(false, Optional.empty(), Map.of()), true, 1),
                Arguments.of("When the placement is guest and a catalog runs, it should be a mismatch",
                        Map.of(), OLMCatalogPlacement.GUEST, new Observed(false, Optional.empty(),
                                Map.of(Catalog.REDHAT_OPERATORS, PIN)), false, 1),
                Arguments.of("When the annotations are invalid, it should say so",
                        Map.of(Annotations.REDHAT_OPERATORS_CATALOG_IMAGE, "m.example.com/x:v1"),
                        OLMCatalogPlacement.MANAGEMENT, new Observed(false, Optional.empty(), PINNED), false, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void diagnoses(String name, Map<String, String> annotations, OLMCatalogPlacement placement, Observed observed,
            boolean allOk, int findings) {
        List<Finding> out = CatalogDiagnosis.diagnose(CatalogPlan.decide(annotations, placement), observed);
        assertThat(out).hasSize(findings);
        assertThat(out.stream().allMatch(Finding::ok)).isEqualTo(allOk);
        out.stream().filter(f -> !f.ok()).forEach(f -> assertThat(f.hint()).isNotBlank());
    }
}
