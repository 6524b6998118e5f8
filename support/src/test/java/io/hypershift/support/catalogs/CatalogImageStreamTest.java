package io.hypershift.support.catalogs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.ImageStream;
import io.hypershift.support.mirrorpolicy.GoldenFiles;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CatalogImageStreamTest {
    static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures", "catalogs");

    static Map<Catalog, CatalogImage> discovered() {
        Map<Catalog, CatalogImage> m = new EnumMap<>(Catalog.class);
        m.put(Catalog.REDHAT_OPERATORS, new CatalogImage(Catalog.REDHAT_OPERATORS,
                "mirror.example.com/redhat/redhat-operator-index:v4.16", "sha256:" + "1".repeat(64),
                "local.example.com:5000/redhat/redhat-operator-index:v4.16"));
        m.put(Catalog.CERTIFIED_OPERATORS, new CatalogImage(Catalog.CERTIFIED_OPERATORS,
                "mirror.example.com/redhat/certified-operator-index:v4.17", "sha256:" + "2".repeat(64),
                "mirror.example.com/redhat/certified-operator-index:v4.17"));
        m.put(Catalog.COMMUNITY_OPERATORS, new CatalogImage(Catalog.COMMUNITY_OPERATORS,
                "mirror.example.com/redhat/community-operator-index:v4.17", "sha256:" + "3".repeat(64),
                "mirror.example.com/redhat/community-operator-index:v4.17"));
        return m;
    }

    @Test
    @DisplayName("When catalogs are discovered, it should render one sorted, scheduled, Local tag per catalog")
    void rendersImageStream() {
        ImageStream is = CatalogImageStream.desired("clusters-example", discovered());
        assertThat(is.getApiVersion()).isEqualTo("image.openshift.io/v1");
        assertThat(is.getKind()).isEqualTo("ImageStream");
        assertThat(is.getSpec().getLookupPolicy().getLocal()).isTrue();
        assertThat(is.getSpec().getTags()).extracting(t -> t.getName())
                .containsExactly("certified-operators", "community-operators", "redhat-operators");
        assertThat(is.getSpec().getTags()).allSatisfy(t -> {
            assertThat(t.getFrom().getKind()).isEqualTo("DockerImage");
            assertThat(t.getReferencePolicy().getType()).isEqualTo("Local");
            assertThat(t.getImportPolicy().getScheduled()).isTrue();
        });
        assertThat(CatalogImageStream.tagSources(is)).containsEntry("redhat-operators",
                "mirror.example.com/redhat/redhat-operator-index:v4.16");
        GoldenFiles.assertMatches(FIXTURES.resolve("catalogs-imagestream.yaml"), Serialization.asYaml(is));
    }

    @Test
    @DisplayName("When the ImageStream is missing or empty, it should have no tag sources")
    void tagSourcesOfNothing() {
        assertThat(CatalogImageStream.tagSources(null)).isEmpty();
        assertThat(CatalogImageStream.tagSources(new ImageStream())).isEmpty();
    }

    @Test
    @DisplayName("When catalogs are pinned, it should use the digest at the pull spec that served it")
    void pinnedWorkloads() {
        Map<Catalog, CatalogWorkload> w = CatalogWorkload.pinned(discovered());
        assertThat(w.get(Catalog.REDHAT_OPERATORS).image())
                .isEqualTo("local.example.com:5000/redhat/redhat-operator-index@sha256:" + "1".repeat(64));
        assertThat(w.get(Catalog.CERTIFIED_OPERATORS).image())
                .isEqualTo("mirror.example.com/redhat/certified-operator-index@sha256:" + "2".repeat(64));
        assertThat(w.values()).noneMatch(CatalogWorkload::imageStreamTag);
    }

    @Test
    @DisplayName("When image overrides are given, it should use them with RO applied")
    void overrideWorkloads() {
        RegistryOverrides ro = RegistryOverrides.of(Map.of("mirror.example.com/redhat", "local.example.com/olm"));
        Map<Catalog, CatalogWorkload> w = CatalogWorkload.fromOverrides(
                Map.of(Catalog.REDHAT_MARKETPLACE, CatalogOverridesTest.MKT), ro);
        assertThat(w).containsOnlyKeys(Catalog.REDHAT_MARKETPLACE);
        assertThat(w.get(Catalog.REDHAT_MARKETPLACE).image())
                .isEqualTo("local.example.com/olm/redhat-marketplace-index@" + CatalogOverridesTest.D4);
    }

    @Test
    @DisplayName("When the ImageStream has tags, it should keep a triggered image and name the tag for a new Deployment")
    void imageStreamWorkloads() {
        Map<Catalog, CatalogWorkload> w = CatalogWorkload.fromImageStream(
                java.util.List.of("redhat-operators", "community-operators", "not-a-catalog"),
                Map.of(Catalog.REDHAT_OPERATORS, "image-registry.svc:5000/ns/catalogs@sha256:" + "9".repeat(64)));
        assertThat(w).containsOnlyKeys(Catalog.REDHAT_OPERATORS, Catalog.COMMUNITY_OPERATORS);
        assertThat(w.get(Catalog.REDHAT_OPERATORS).image()).endsWith("9".repeat(64));
        assertThat(w.get(Catalog.COMMUNITY_OPERATORS).image()).isEqualTo("catalogs:community-operators");
        assertThat(w.values()).allMatch(CatalogWorkload::imageStreamTag);
    }
}
