package io.hypershift.support.catalogs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.releaseinfo.LocatedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Catalog discovery against a set of existing images (no I/O), with HyperShift's vectors and our additions. */
class CatalogDiscoveryTest {
    static final Path VECTORS = Path.of("src", "test", "resources", "fixtures", "catalogs",
            "compute-catalog-images.yaml");

    /** A probe over a fixed set of images; it records every image it was asked about, in order. */
    static final class SetProbe implements ImageProbe {
        final Set<String> existing;
        final List<String> asked = new ArrayList<>();

        SetProbe(Set<String> existing) {
            this.existing = existing;
        }

        @Override
        public Optional<LocatedImage> locate(String image) {
            asked.add(image);
            return existing.contains(image) ? Optional.of(new LocatedImage(image, image, digestFor(image)))
                    : Optional.empty();
        }
    }

    static String digestFor(String image) {
        return io.hypershift.support.registry.Digests.sha256(image.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static Stream<Arguments> hypershiftVectors() throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(VECTORS.toFile());
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            Set<String> existing = new java.util.HashSet<>();
            c.get("existingImages").forEach(n -> existing.add(n.asText()));
            Map<String, List<String>> ro = new LinkedHashMap<>();
            if (c.has("registryOverrides")) {
                c.get("registryOverrides").fields().forEachRemaining(e -> {
                    List<String> mirrors = new ArrayList<>();
                    e.getValue().forEach(m -> mirrors.add(m.asText()));
                    ro.put(e.getKey(), mirrors);
                });
            }
            Map<String, String> expected = new TreeMap<>();
            c.get("expected").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
            out.add(Arguments.of(c.get("name").asText(), c.get("releaseVersion").asText(), existing, ro, expected));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hypershiftVectors")
    @DisplayName("HyperShift's TestComputeCatalogImages")
    void computesCatalogImages(String name, String releaseVersion, Set<String> existing,
            Map<String, List<String>> registryOverrides, Map<String, String> expected) throws Exception {
        Map<Catalog, CatalogImage> found = new CatalogDiscovery().discover(CatalogVersion.ofRelease(releaseVersion),
                new SetProbe(existing), MirrorOverrides.of(registryOverrides));
        Map<String, String> byName = new TreeMap<>();
        found.forEach((c, image) -> {
            byName.put(c.catalogName(), image.pullSpec());
            assertThat(image.digest()).isEqualTo(digestFor(image.pullSpec()));
        });
        assertThat(byName).isEqualTo(expected);
    }

    @Test
    @DisplayName("When the vector file is read, it should hold all of HyperShift's 10 vectors, with and without marketplace")
    void vectorFileIsComplete() throws Exception {
        assertThat(hypershiftVectors()).hasSize(20);
    }

    @Test
    @DisplayName("When a required catalog has no index in 4 versions, it should fail naming every image tried")
    void failsAfterFourVersions() {
        SetProbe probe = new SetProbe(Set.of(
                "registry.redhat.io/redhat/redhat-operator-index:v4.17",
                "registry.redhat.io/redhat/certified-operator-index:v4.17",
                "registry.redhat.io/redhat/community-operator-index:v4.13"));
        assertThatThrownBy(() -> new CatalogDiscovery().discover(new CatalogVersion(4, 17), probe,
                MirrorOverrides.empty()))
                .isInstanceOf(CatalogLookupException.class)
                .hasMessageStartingWith("failed to fetch image digest for 4 previous versions of community-operators")
                .hasMessageContaining("community-operator-index:v4.17, registry.redhat.io/redhat/"
                        + "community-operator-index:v4.16, registry.redhat.io/redhat/community-operator-index:v4.15, "
                        + "registry.redhat.io/redhat/community-operator-index:v4.14 exists");
        assertThat(probe.asked).doesNotContain("registry.redhat.io/redhat/community-operator-index:v4.13");
    }

    @Test
    @DisplayName("When mirrors are given, it should try every mirror of a version before the previous version")
    void versionMajorRegistryMinor() throws Exception {
        SetProbe probe = new SetProbe(Set.of(
                "b.example.com/redhat/redhat-operator-index:v4.16",
                "a.example.com/ocp/redhat-operator-index:v4.15",
                "a.example.com/ocp/certified-operator-index:v4.17",
                "a.example.com/ocp/community-operator-index:v4.17"));
        MirrorOverrides ro = MirrorOverrides.of(Map.of("registry.redhat.io/redhat",
                List.of("a.example.com/ocp", "b.example.com/redhat")));
        Map<Catalog, CatalogImage> found = new CatalogDiscovery().discover(new CatalogVersion(4, 17), probe, ro);
        assertThat(found.get(Catalog.REDHAT_OPERATORS).pullSpec())
                .isEqualTo("b.example.com/redhat/redhat-operator-index:v4.16");
        assertThat(probe.asked.subList(0, 4)).containsExactly(
                "a.example.com/ocp/redhat-operator-index:v4.17",
                "b.example.com/redhat/redhat-operator-index:v4.17",
                "a.example.com/ocp/redhat-operator-index:v4.16",
                "b.example.com/redhat/redhat-operator-index:v4.16");
        assertThat(found).doesNotContainKey(Catalog.REDHAT_MARKETPLACE);
    }

    @Test
    @DisplayName("When the probe cannot tell whether an image exists, it should fail instead of falling back")
    void probeErrorsAreErrors() {
        ImageProbe broken = image -> {
            throw new CatalogLookupException("registry down");
        };
        assertThatThrownBy(() -> new CatalogDiscovery().discover(new CatalogVersion(4, 17), broken,
                MirrorOverrides.empty())).isInstanceOf(CatalogLookupException.class).hasMessage("registry down");
    }

    @Test
    @DisplayName("When the release is at minor 1, it should try v4.1 and v4.0 and never a negative minor")
    void neverBelowMinorZero() {
        SetProbe probe = new SetProbe(Set.of());
        assertThatThrownBy(() -> new CatalogDiscovery().discover(new CatalogVersion(4, 1), probe,
                MirrorOverrides.empty())).isInstanceOf(CatalogLookupException.class);
        assertThat(probe.asked).containsExactly(
                "registry.redhat.io/redhat/redhat-operator-index:v4.1",
                "registry.redhat.io/redhat/redhat-operator-index:v4.0");
    }

    static Stream<Arguments> repositoryCases() {
        return Stream.of(
                Arguments.of("When no source matches, it should use registry.redhat.io/redhat",
                        Map.of("quay.io", List.of("m.example.com")),
                        List.of("registry.redhat.io/redhat/redhat-operator-index")),
                Arguments.of("When the source is registry.redhat.io/redhat, it should replace it by each mirror",
                        Map.of("registry.redhat.io/redhat", List.of("m.example.com/olm", "n.example.com")),
                        List.of("m.example.com/olm/redhat-operator-index", "n.example.com/redhat-operator-index")),
                Arguments.of("When the source is registry.redhat.io and the mirror has no path, it should append /redhat",
                        Map.of("registry.redhat.io", List.of("m.example.com:5000")),
                        List.of("m.example.com:5000/redhat/redhat-operator-index")),
                Arguments.of("When the source is registry.redhat.io and the mirror has a path, it should use the path "
                                + "instead of /redhat",
                        Map.of("registry.redhat.io", List.of("m.example.com/olm")),
                        List.of("m.example.com/olm/redhat-operator-index")),
                Arguments.of("When both keys are given, it should use the longer one (HyperShift: random map order)",
                        Map.of("registry.redhat.io", List.of("wide.example.com"),
                                "registry.redhat.io/redhat", List.of("narrow.example.com/rh")),
                        List.of("narrow.example.com/rh/redhat-operator-index")),
                Arguments.of("When a source names the index repository, it should rewrite that catalog",
                        Map.of("registry.redhat.io/redhat/redhat-operator-index", List.of("m.example.com/rhoi")),
                        List.of("m.example.com/rhoi")),
                Arguments.of("When the source is a wildcard host, it should replace the host",
                        Map.of("*.redhat.io", List.of("m.example.com")),
                        List.of("m.example.com/redhat/redhat-operator-index")),
                Arguments.of("When a mirror is given twice through two spellings, it should try it once",
                        Map.of("registry.redhat.io", List.of("m.example.com/redhat", "m.example.com")),
                        List.of("m.example.com/redhat/redhat-operator-index")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repositoryCases")
    void repositories(String name, Map<String, List<String>> overrides, List<String> expected) {
        assertThat(CatalogDiscovery.repositories(Catalog.REDHAT_OPERATORS, MirrorOverrides.of(overrides)))
                .containsExactlyElementsOf(expected);
    }
}
