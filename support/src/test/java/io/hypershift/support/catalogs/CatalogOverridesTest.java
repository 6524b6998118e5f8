package io.hypershift.support.catalogs;

import static io.hypershift.api.Annotations.CERTIFIED_OPERATORS_CATALOG_IMAGE;
import static io.hypershift.api.Annotations.COMMUNITY_OPERATORS_CATALOG_IMAGE;
import static io.hypershift.api.Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES;
import static io.hypershift.api.Annotations.REDHAT_MARKETPLACE_CATALOG_IMAGE;
import static io.hypershift.api.Annotations.REDHAT_OPERATORS_CATALOG_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CatalogOverridesTest {
    static final String D1 = "sha256:" + "1".repeat(64);
    static final String D2 = "sha256:" + "2".repeat(64);
    static final String D3 = "sha256:" + "3".repeat(64);
    static final String D4 = "sha256:" + "4".repeat(64);
    static final String RH = "mirror.example.com/redhat/redhat-operator-index@" + D1;
    static final String CERT = "mirror.example.com/redhat/certified-operator-index@" + D2;
    static final String COMM = "mirror.example.com/redhat/community-operator-index@" + D3;
    static final String MKT = "mirror.example.com/redhat/redhat-marketplace-index@" + D4;

    static Map<String, String> annotations(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("unrelated.example.com/annotation", "x");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("When no OLM annotation is set, it should have no overrides", annotations(), 0, 0),
                Arguments.of("When the three required images are set by digest (HyperShift's 3), it should accept them",
                        annotations(REDHAT_OPERATORS_CATALOG_IMAGE, RH, CERTIFIED_OPERATORS_CATALOG_IMAGE, CERT,
                                COMMUNITY_OPERATORS_CATALOG_IMAGE, COMM), 3, 0),
                Arguments.of("When all four images are set by digest (the design note's 4), it should accept them",
                        annotations(REDHAT_OPERATORS_CATALOG_IMAGE, RH, CERTIFIED_OPERATORS_CATALOG_IMAGE, CERT,
                                COMMUNITY_OPERATORS_CATALOG_IMAGE, COMM, REDHAT_MARKETPLACE_CATALOG_IMAGE, MKT), 4, 0),
                Arguments.of("When a tag and a digest are both given, it should accept the digest reference",
                        annotations(REDHAT_OPERATORS_CATALOG_IMAGE, "m.example.com/r/redhat-operator-index:v4.17@" + D1,
                                CERTIFIED_OPERATORS_CATALOG_IMAGE, CERT, COMMUNITY_OPERATORS_CATALOG_IMAGE, COMM), 3, 0),
                Arguments.of("When an image annotation is empty, it should count as not set",
                        annotations(REDHAT_MARKETPLACE_CATALOG_IMAGE, " "), 0, 0),
                Arguments.of("When only the registry-overrides annotation is set, it should parse it",
                        annotations(OLM_CATALOGS_IS_REGISTRY_OVERRIDES,
                                "registry.redhat.io/redhat=mirror.example.com/redhat,registry.redhat.io=m2.example.com"),
                        0, 2),
                Arguments.of("When the registry-overrides annotation is \"=\", it should mean no overrides",
                        annotations(OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "="), 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void accepts(String name, Map<String, String> annotations, int images, int sources) throws Exception {
        CatalogOverrides o = CatalogOverrides.fromAnnotations(annotations);
        assertThat(o.images()).hasSize(images);
        assertThat(o.hasImageOverrides()).isEqualTo(images > 0);
        assertThat(o.registryOverrides().size()).isEqualTo(sources);
        assertThat(o.warnings()).isEmpty();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("When one image is by tag, it should say digest only",
                        annotations(REDHAT_OPERATORS_CATALOG_IMAGE, "m.example.com/r/redhat-operator-index:v4.17",
                                CERTIFIED_OPERATORS_CATALOG_IMAGE, CERT, COMMUNITY_OPERATORS_CATALOG_IMAGE, COMM),
                        CatalogOverrides.DIGEST_ONLY, List.of(REDHAT_OPERATORS_CATALOG_IMAGE)),
                Arguments.of("When an image is by tag and others are missing, it should say digest only first",
                        annotations(CERTIFIED_OPERATORS_CATALOG_IMAGE, "m.example.com/r/certified-operator-index:v4.17"),
                        CatalogOverrides.DIGEST_ONLY, List.of(CERTIFIED_OPERATORS_CATALOG_IMAGE)),
                Arguments.of("When the marketplace image alone is by tag, it should say digest only",
                        annotations(REDHAT_MARKETPLACE_CATALOG_IMAGE, "m.example.com/r/redhat-marketplace-index:v4.17"),
                        CatalogOverrides.DIGEST_ONLY, List.of(REDHAT_MARKETPLACE_CATALOG_IMAGE)),
                Arguments.of("When one required image is missing, it should say all or none and name it",
                        annotations(REDHAT_OPERATORS_CATALOG_IMAGE, RH, CERTIFIED_OPERATORS_CATALOG_IMAGE, CERT),
                        CatalogOverrides.ALL_OR_NONE, List.of(COMMUNITY_OPERATORS_CATALOG_IMAGE)),
                Arguments.of("When only the marketplace image is set, it should say all or none",
                        annotations(REDHAT_MARKETPLACE_CATALOG_IMAGE, MKT), CatalogOverrides.ALL_OR_NONE,
                        List.of(REDHAT_OPERATORS_CATALOG_IMAGE, CERTIFIED_OPERATORS_CATALOG_IMAGE,
                                COMMUNITY_OPERATORS_CATALOG_IMAGE)),
                Arguments.of("When a digest image is not a valid reference, it should name the annotation",
                        annotations(REDHAT_OPERATORS_CATALOG_IMAGE, "Mirror.example.com/UPPER/x@" + D1,
                                CERTIFIED_OPERATORS_CATALOG_IMAGE, CERT, COMMUNITY_OPERATORS_CATALOG_IMAGE, COMM),
                        "annotation " + REDHAT_OPERATORS_CATALOG_IMAGE + ": invalid image reference", List.of()),
                Arguments.of("When a digest is truncated, it should name the annotation",
                        annotations(REDHAT_OPERATORS_CATALOG_IMAGE, RH, CERTIFIED_OPERATORS_CATALOG_IMAGE,
                                "m.example.com/x@sha256:abc", COMMUNITY_OPERATORS_CATALOG_IMAGE, COMM),
                        "annotation " + CERTIFIED_OPERATORS_CATALOG_IMAGE + ": invalid image reference", List.of()),
                Arguments.of("When a registry-overrides piece has no '=', it should say which piece was skipped",
                        annotations(OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "registry.redhat.io=m.example.com,junk"),
                        "annotation " + OLM_CATALOGS_IS_REGISTRY_OVERRIDES, List.of("piece 2 \"junk\" has no '='")),
                Arguments.of("When a registry-overrides piece has an empty mirror, it should say so",
                        annotations(OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "registry.redhat.io="),
                        "annotation " + OLM_CATALOGS_IS_REGISTRY_OVERRIDES, List.of("has an empty mirror")),
                Arguments.of("When a registry-overrides mirror has a tag, it should reject it",
                        annotations(OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "registry.redhat.io=m.example.com/x:v1"),
                        "annotation " + OLM_CATALOGS_IS_REGISTRY_OVERRIDES + ": invalid image reference",
                        List.of("without a tag or digest")),
                Arguments.of("When a registry-overrides source is not a reference, it should reject it",
                        annotations(OLM_CATALOGS_IS_REGISTRY_OVERRIDES, "Registry.Redhat.io/UP=m.example.com"),
                        "annotation " + OLM_CATALOGS_IS_REGISTRY_OVERRIDES + ": invalid image reference", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejects(String name, Map<String, String> annotations, String prefix, List<String> mentions) {
        assertThatThrownBy(() -> CatalogOverrides.fromAnnotations(annotations))
                .isInstanceOf(InvalidCatalogOverridesException.class)
                .hasMessageStartingWith(prefix)
                .satisfies(e -> mentions.forEach(m -> assertThat(e.getMessage()).contains(m)));
    }

    @Test
    @DisplayName("When the messages are compared with SPEC §9, they should be HyperShift's exact text")
    void exactMessages() {
        assertThat(CatalogOverrides.DIGEST_ONLY).isEqualTo("images for OLM catalogs should be referenced only by digest");
        assertThat(CatalogOverrides.ALL_OR_NONE).isEqualTo(
                "if OLM catalog images are overridden, all the values for the 4 default catalogs should be provided");
    }

    @Test
    @DisplayName("When a registry-overrides piece is repeated, it should warn and keep one")
    void duplicatePieceWarns() throws Exception {
        CatalogOverrides o = CatalogOverrides.fromAnnotations(annotations(OLM_CATALOGS_IS_REGISTRY_OVERRIDES,
                "registry.redhat.io=m.example.com,registry.redhat.io=m.example.com"));
        assertThat(o.registryOverrides().mirrorsOf("registry.redhat.io")).containsExactly("m.example.com");
        assertThat(o.warnings()).singleElement().asString().contains(OLM_CATALOGS_IS_REGISTRY_OVERRIDES)
                .contains("duplicate");
    }

    @Test
    @DisplayName("When the images are valid, it should keep each one under its catalog, stripped")
    void keepsImagesByCatalog() throws Exception {
        CatalogOverrides o = CatalogOverrides.fromAnnotations(annotations(REDHAT_OPERATORS_CATALOG_IMAGE, " " + RH,
                CERTIFIED_OPERATORS_CATALOG_IMAGE, CERT, COMMUNITY_OPERATORS_CATALOG_IMAGE, COMM));
        assertThat(o.images()).containsExactly(Map.entry(Catalog.REDHAT_OPERATORS, RH),
                Map.entry(Catalog.CERTIFIED_OPERATORS, CERT), Map.entry(Catalog.COMMUNITY_OPERATORS, COMM));
    }

    @Test
    @DisplayName("When the annotations are null, it should have no overrides")
    void nullAnnotations() throws Exception {
        assertThat(CatalogOverrides.fromAnnotations(null)).isEqualTo(CatalogOverrides.none());
    }
}
