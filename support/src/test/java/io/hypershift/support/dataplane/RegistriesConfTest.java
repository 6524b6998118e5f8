package io.hypershift.support.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.support.testing.Golden;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** registries.conf against the MCO rules (openshift/runtime-utils pkg/registries), as golden files. */
class RegistriesConfTest {
    private static final TomlMapper TOML = new TomlMapper();

    private static ImageContentSource ics(String source, String... mirrors) {
        return new ImageContentSource(source, Arrays.asList(mirrors));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no sources, it should write only the defaults", "empty",
                        List.of(), null),
                Arguments.of("sources are unsorted, it should sort them", "sorted-sources",
                        List.of(ics("registry.redhat.io/ubi9", "mirror.example.com/ubi9"),
                                ics("quay.io/openshift-release-dev/ocp-v4.0-art-dev", "mirror.example.com/ocp/art-dev",
                                        "backup.example.com:5000/ocp/art-dev"),
                                ics("quay.io/openshift-release-dev/ocp-release", "mirror.example.com/ocp/release")), null),
                Arguments.of("a source has no mirrors, or only itself, it should be dropped unless it is NeverContactSource", "sources-without-mirrors",
                        List.of(ics("quay.io/a"), ics("quay.io/b", "quay.io/b"), ics("quay.io/c", "m.example.com/c")),
                        "quay.io/a"),
                Arguments.of("a source is NeverContactSource, it should be blocked", "never-contact-source",
                        List.of(ics("quay.io/openshift-release-dev/ocp-release", "mirror.example.com/ocp/release"),
                                ics("registry.redhat.io", "mirror.example.com/redhat")),
                        "quay.io/openshift-release-dev/ocp-release"),
                Arguments.of("a source appears twice, it should merge the lists keeping each one's order", "merged-duplicates",
                        List.of(ics("quay.io/x", "b.example.com/x", "c.example.com/x"),
                                ics("quay.io/x", "a.example.com/x", "b.example.com/x")), null),
                Arguments.of("a source is a wildcard, it should be a prefix without a location", "wildcard",
                        List.of(ics("*.example.org", "mirror.example.com")), null));
    }

    @ParameterizedTest(name = "When {0}")
    @MethodSource("cases")
    void golden(String description, String name, List<ImageContentSource> sources, String neverContact) throws Exception {
        String toml = RegistriesConf.render(DataPlaneMirrors.of(sources, neverContact));
        Golden.assertMatches("registries-conf/" + name + ".toml", toml);
        assertValidV2(toml);
    }

    @Test
    void whenSourcesAreSorted_everyMirrorShouldBeDigestOnlyAndTheSourcesInOrder() throws Exception {
        String toml = RegistriesConf.render(DataPlaneMirrors.of(List.of(
                ics("z.example.com/r", "m1/r", "m2/r"), ics("a.example.com/r", "m3/r")), null));
        JsonNode root = TOML.readTree(toml);
        List<String> locations = new ArrayList<>();
        root.get("registry").forEach(r -> locations.add(r.get("location").asText()));
        assertThat(locations).containsExactly("a.example.com/r", "z.example.com/r");
        root.get("registry").forEach(r -> r.get("mirror").forEach(
                m -> assertThat(m.get("pull-from-mirror").asText()).isEqualTo("digest-only")));
        assertThat(root.get("registry").get(1).get("mirror").get(1).get("location").asText()).isEqualTo("m2/r");
    }

    @Test
    void whenANeverContactSourceHasNoMirrors_itShouldStayBlockedWithNoMirror() throws Exception {
        // dropping the entry would let nodes contact the source: a leak out of the air gap
        String toml = RegistriesConf.render(DataPlaneMirrors.of(List.of(
                ics("quay.io/air-gapped"), ics("quay.io/self", "quay.io/self"), ics("quay.io/open")),
                "quay.io/air-gapped,quay.io/self"));
        JsonNode registries = TOML.readTree(toml).get("registry");
        assertThat(registries).isNotNull();
        List<String> locations = new ArrayList<>();
        registries.forEach(r -> {
            locations.add(r.get("location").asText());
            assertThat(r.path("blocked").asBoolean()).as("blocked for %s", r.get("location")).isTrue();
            assertThat(r.path("mirror").size()).as("mirrors of %s", r.get("location")).isZero();
        });
        assertThat(locations).containsExactly("quay.io/air-gapped", "quay.io/self");
        assertValidV2(toml);
    }

    @Test
    void whenTheSameInputIsRenderedTwice_itShouldGiveTheSameBytes() {
        List<ImageContentSource> in = List.of(ics("quay.io/x", "b/x", "c/x"), ics("quay.io/x", "c/x", "a/x"),
                ics("quay.io/y", "y1", "y2"));
        assertThat(RegistriesConf.render(DataPlaneMirrors.of(in, null)))
                .isEqualTo(RegistriesConf.render(DataPlaneMirrors.of(new ArrayList<>(in), null)));
    }

    @Test
    void whenMirrorListsDisagree_itShouldStillGiveEveryMirrorOnce() {
        // (a, b) and (b, a) form a cycle; the MCO breaks it in name order
        List<String> merged = RegistriesConf.mergedMirrors("src", List.of(List.of("a", "b"), List.of("b", "a")));
        assertThat(merged).containsExactly("a", "b");
    }

    @Test
    void whenAStringNeedsEscaping_itShouldWriteAValidTomlString() throws Exception {
        String quoted = RegistriesConf.Toml.string("a\"b\\c\td\u0001");
        JsonNode n = TOML.readTree("k = " + quoted + "\n");
        assertThat(n.get("k").asText()).isEqualTo("a\"b\\c\td\u0001");
    }

    /** Checks the structure containers-registries.conf(5) v2 expects, with an independent TOML reader. */
    static void assertValidV2(String toml) throws Exception {
        JsonNode root = TOML.readTree(toml);
        assertThat(root.get("unqualified-search-registries").isArray()).isTrue();
        JsonNode registries = root.get("registry");
        if (registries == null) {
            return;
        }
        assertThat(registries.isArray()).isTrue();
        for (JsonNode r : registries) {
            assertThat(r.has("prefix")).isTrue();
            assertThat(r.has("location") || r.get("prefix").asText().startsWith("*.")).isTrue();
            // a registry with no mirror must be blocked: otherwise it says nothing and the renderer drops it
            assertThat(r.has("mirror") || r.path("blocked").asBoolean()).isTrue();
            for (JsonNode m : r.path("mirror")) {
                assertThat(m.get("location").asText()).isNotEmpty();
            }
        }
    }
}
