package io.hypershift.support.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.api.v1beta1.ImageContentSource;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The node's rules (containers/image {@code pkg/sysregistriesv2}) applied to the registries.conf we render. Each row
 * is one fact of that library: the file, the image, the pull sources the node contacts and why it cannot pull.
 */
class NodeRegistriesTest {
    static final String D = "sha256:" + "0123456789abcdef".repeat(4);

    static ImageContentSource ics(String source, String... mirrors) {
        return new ImageContentSource(source, Arrays.asList(mirrors));
    }

    /** The file the ignition-server serves for these imageContentSources. */
    static String served(String neverContact, ImageContentSource... sources) {
        return RegistriesConf.render(DataPlaneMirrors.of(List.of(sources), neverContact));
    }

    static Arguments row(String when, String conf, String image, List<String> contacted, String cannotPull) {
        return Arguments.of(when, conf, image, contacted, cannotPull);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                row("a digest pull matches a mirrored source, it should try the mirror, then the source",
                        served(null, ics("quay.io/ocp", "mirror.example.com/ocp")), "quay.io/ocp/release@" + D,
                        List.of("mirror.example.com/ocp/release@" + D, "quay.io/ocp/release@" + D), ""),
                row("a tag pull matches a digest-only source, it should never use the mirrors",
                        served(null, ics("quay.io/ocp", "mirror.example.com/ocp")), "quay.io/ocp/release:4.18",
                        List.of("quay.io/ocp/release:4.18"), ""),
                row("a tag pull matches a NeverContactSource source, it should have nowhere to go",
                        served("quay.io/ocp", ics("quay.io/ocp", "mirror.example.com/ocp")), "quay.io/ocp/release:4.18",
                        List.of(), "registry quay.io/ocp is blocked in /etc/containers/registries.conf or "
                                + "/etc/containers/registries.conf.d"),
                row("a digest pull matches a NeverContactSource source, it should try only the mirror",
                        served("quay.io/ocp", ics("quay.io/ocp", "mirror.example.com/ocp")), "quay.io/ocp/release@" + D,
                        List.of("mirror.example.com/ocp/release@" + D), ""),
                row("a NeverContactSource source has no mirror, it should refuse the pull (no leak)",
                        served("quay.io/air", ics("quay.io/air")), "quay.io/air/x@" + D,
                        List.of(), "is blocked"),
                row("a mirror lives under the blocked source, it should skip that mirror too",
                        served("registry.example.com", ics("registry.example.com", "registry.example.com/mirror",
                                "other.example.com/mirror")), "registry.example.com/a/b@" + D,
                        List.of("other.example.com/mirror/a/b@" + D), ""),
                row("a mirror is a sibling of the blocked repository, it should still use it (only the longest prefix "
                                + "of the mirror's own name counts)",
                        served("registry.example.com/upstream", ics("registry.example.com/upstream", "registry.example.com/mirror")),
                        "registry.example.com/upstream/x@" + D, List.of("registry.example.com/mirror/x@" + D), ""),
                row("a mirror has no registry host, it should fail the whole pull as not canonical",
                        served(null, ics("quay.io/ocp", "mirror/art-dev")), "quay.io/ocp/x@" + D,
                        List.of(), "rewriting reference: repository name must be canonical"),
                row("a mirror has no registry host but the pull is by tag, it should not use it and so not fail",
                        served(null, ics("quay.io/ocp", "mirror/art-dev")), "quay.io/ocp/x:1",
                        List.of("quay.io/ocp/x:1"), ""),
                row("a wildcard source meets an image on host:port, it should fail with an invalid reference",
                        served(null, ics("*.example.com", "mirror.internal/ns")), "a.example.com:5000/x@" + D,
                        List.of(), "rewriting reference: invalid reference format"),
                row("a wildcard source meets an image on a host in its domain, it should rewrite after the host",
                        served(null, ics("*.example.com", "mirror.internal/ns")), "a.example.com/x/y@" + D,
                        List.of("mirror.internal/ns/x/y@" + D, "a.example.com/x/y@" + D), ""),
                row("a wildcard source meets the bare domain, it should not match",
                        served("*.example.com", ics("*.example.com", "mirror.internal/ns")), "example.com/x@" + D,
                        List.of("example.com/x@" + D), ""),
                row("a bare-host source meets host:port, it should match it (as the runtime does)",
                        served("quay.io", ics("quay.io", "mirror.internal")), "quay.io:5000/x@" + D,
                        List.of("mirror.internal:5000/x@" + D), ""),
                row("a bare-host source with a namespaced mirror meets host:port, it should fail the pull",
                        served(null, ics("quay.io", "mirror.internal/quay")), "quay.io:5000/x@" + D,
                        List.of(), "rewriting reference: invalid reference format"),
                row("a bare-host source is blocked, it should also block host:port",
                        served("quay.io", ics("quay.io")), "quay.io:5000/x:1",
                        List.of(), "registry quay.io is blocked"),
                row("a wildcard and a plain host of equal length both match, it should take the wildcard",
                        served(null, ics("*.example.com", "wild.internal"), ics("a.example.com", "plain.internal")),
                        "a.example.com/x@" + D, List.of("wild.internal/x@" + D, "a.example.com/x@" + D), ""),
                row("a longer plain host and a wildcard both match, it should take the longer one",
                        served(null, ics("*.example.com", "wild.internal"), ics("ab.example.com", "plain.internal")),
                        "ab.example.com/x@" + D, List.of("plain.internal/x@" + D, "ab.example.com/x@" + D), ""),
                row("a source is a prefix of a longer name component, it should not match",
                        served(null, ics("quay.io/ocp", "mirror.example.com/ocp")), "quay.io/ocp-other/x@" + D,
                        List.of("quay.io/ocp-other/x@" + D), ""),
                row("nested sources both match, it should take the longest",
                        served(null, ics("quay.io", "broad.internal"), ics("quay.io/ocp", "narrow.internal/ocp")),
                        "quay.io/ocp/x@" + D, List.of("narrow.internal/ocp/x@" + D, "quay.io/ocp/x@" + D), ""),
                row("a short name is pulled, it should be completed to docker.io/library and :latest",
                        served(null, ics("docker.io/library", "mirror.internal/library")), "busybox",
                        List.of("docker.io/library/busybox:latest"), ""),
                row("an image has both a tag and a digest, it should be refused",
                        served(null), "quay.io/x:1@" + D,
                        List.of(), "Docker references with both a tag and digest are currently not supported"),
                row("a source's mirrors repeat one (z, a, z), it should follow the file's merged order",
                        served(null, ics("quay.io/r", "z.internal/r", "a.internal/r", "z.internal/r")), "quay.io/r/x@" + D,
                        List.of("a.internal/r/x@" + D, "z.internal/r/x@" + D, "quay.io/r/x@" + D), ""));
    }

    @ParameterizedTest(name = "When {0}")
    @MethodSource("rows")
    void pull(String when, String conf, String image, List<String> contacted, String cannotPull) {
        NodePull pull = NodeRegistries.parse(conf).pull(image);
        assertThat(pull.contacted()).isEqualTo(contacted);
        if (cannotPull.isEmpty()) {
            assertThat(pull.cannotPull()).isEmpty();
        } else {
            assertThat(pull.cannotPull()).contains(cannotPull);
        }
    }

    static Stream<Arguments> tomlRows() {
        String conf = """
                [[registry]]
                location = "quay.io/r"
                [[registry.mirror]]
                location = "digest.internal/r"
                pull-from-mirror = "digest-only"
                [[registry.mirror]]
                location = "tag.internal/r"
                pull-from-mirror = "tag-only"
                [[registry.mirror]]
                location = "all.internal/r/"
                pull-from-mirror = "all"
                [[registry.mirror]]
                location = "unset.internal/r"

                [[registry]]
                location = "quay.io/old"
                mirror-by-digest-only = true
                [[registry.mirror]]
                location = "old.internal/old"

                [[registry]]
                location = "quay.io/r"
                blocked = false
                [[registry.mirror]]
                location = "second.internal/ignored"
                """;
        return Stream.of(
                Arguments.of("pull-from-mirror mixes, a digest pull should use digest-only, all and unset mirrors", conf,
                        "quay.io/r/x@" + D, List.of("digest.internal/r/x@" + D, "all.internal/r/x@" + D,
                                "unset.internal/r/x@" + D, "quay.io/r/x@" + D)),
                Arguments.of("pull-from-mirror mixes, a tag pull should use tag-only, all and unset mirrors "
                                + "(and the first entry of a prefix wins)", conf,
                        "quay.io/r/x:1", List.of("tag.internal/r/x:1", "all.internal/r/x:1", "unset.internal/r/x:1",
                                "quay.io/r/x:1")),
                Arguments.of("the registry says mirror-by-digest-only, a tag pull should skip its mirrors", conf,
                        "quay.io/old/x:1", List.of("quay.io/old/x:1")),
                Arguments.of("the registry says mirror-by-digest-only, a digest pull should use its mirrors", conf,
                        "quay.io/old/x@" + D, List.of("old.internal/old/x@" + D, "quay.io/old/x@" + D)));
    }

    @ParameterizedTest(name = "When {0}")
    @MethodSource("tomlRows")
    void pullFromMirror(String when, String conf, String image, List<String> contacted) {
        assertThat(NodeRegistries.parse(conf).pull(image).contacted()).isEqualTo(contacted);
    }

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                Arguments.of("[[registry]]\nprefix = \"*.example.com/ns\"\n", "Wildcarded prefix"),
                Arguments.of("[[registry]]\nprefix = \"quay.io\"\n", "location is unset"),
                Arguments.of("[[registry]]\nblocked = true\n", "both location and prefix are unset"),
                Arguments.of("[[registry]]\nlocation = \"https://quay.io\"\n", "URI schemes are not supported"),
                Arguments.of("[[registry]]\nlocation = \"q\"\npull-from-mirror = \"all\"\n", "non-mirror registry"),
                Arguments.of("[[registry]]\nlocation = \"q\"\n[[registry.mirror]]\nlocation = \"m\"\npull-from-mirror = \"x\"\n",
                        "unsupported pull-from-mirror"),
                Arguments.of("[[registry]]\nlocation = \"q\"\nblocked = true\n[[registry]]\nlocation = \"q\"\n",
                        "conflicting 'blocked'"));
    }

    @ParameterizedTest(name = "When the file is {0}, it should be refused as the runtime refuses it")
    @MethodSource("invalidConfigs")
    void invalid(String conf, String message) {
        assertThatThrownBy(() -> NodeRegistries.parse(conf)).isInstanceOf(NodeRegistries.InvalidConfig.class)
                .hasMessageContaining(message);
    }

    @Test
    void whenRegistriesAreLoaded_theyShouldBeSortedByPrefixWithTheWildcardFirst() {
        NodeRegistries nodes = NodeRegistries.parse(served(null, ics("b.example.com", "m"), ics("*.example.com", "w"),
                ics("a.example.com", "n")));
        assertThat(nodes.registries()).extracting(NodeRegistries.Registry::prefix)
                .containsExactly("*.example.com", "a.example.com", "b.example.com");
    }

    @Test
    void whenAPrefixIsMatched_itShouldStopAtTheBoundaryTheRuntimeUses() {
        assertThat(NodeRegistries.matchingPrefix("quay.io:5000/x", "quay.io")).isEqualTo(7);
        assertThat(NodeRegistries.matchingPrefix("quay.io@" + D, "quay.io")).isEqualTo(7);
        assertThat(NodeRegistries.matchingPrefix("quay.io.example.com/x", "quay.io")).isEqualTo(-1);
        assertThat(NodeRegistries.matchingPrefix("a.b.example.com:443/x", "*.example.com")).isEqualTo(15);
        assertThat(NodeRegistries.matchingPrefix("mirror/a.example.com/x", "*.example.com")).isEqualTo(-1);
        assertThat(NodeRegistries.matchingPrefix("a.example.community/x", "*.example.com")).isEqualTo(-1);
    }
}
