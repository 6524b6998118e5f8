package io.hypershift.support.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.support.dataplane.NodeHazards.Entry;
import io.hypershift.support.dataplane.NodeHazards.Kind;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each node hazard, found on the entry that causes it, with a message and a fix that name it. */
class NodeHazardsTest {
    static Entry e(int i, String source, String... mirrors) {
        return new Entry("entries[" + i + "]", source, Arrays.asList(mirrors), false);
    }

    static Entry nc(int i, String source, String... mirrors) {
        return new Entry("entries[" + i + "]", source, Arrays.asList(mirrors), true);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a mirror has no registry host", List.of(e(0, "quay.io/ocp", "mirror/art-dev")),
                        List.of(Kind.MIRROR_WITHOUT_HOST + " entries[0].mirrors[0]"), "registry.example.com/mirror/art-dev"),
                Arguments.of("a wildcard source has a mirror with a path", List.of(e(0, "*.example.com", "mirror.internal/ns")),
                        List.of(Kind.WILDCARD_HOST_PORT + " entries[0].source"), "invalid reference format"),
                Arguments.of("a mirror lies under a blocked source",
                        List.of(nc(0, "registry.example.com/upstream", "m.internal/up"),
                                e(1, "quay.io/ocp", "registry.example.com/upstream/mirror")),
                        List.of(Kind.MIRROR_BLOCKED + " entries[1].mirrors[0]"), "outside registry.example.com/upstream"),
                Arguments.of("NeverContactSource has no mirror", List.of(nc(0, "quay.io/air")),
                        List.of(Kind.NEVER_CONTACT_WITHOUT_MIRROR + " entries[0].source"), "add the mirrors"),
                Arguments.of("a bare-host source is NeverContactSource", List.of(nc(0, "registry.example.com", "m.internal")),
                        List.of(Kind.BARE_HOST_CAPTURES_PORT + " entries[0].source"), "registry.example.com:PORT"),
                Arguments.of("two entries of a source disagree on the order",
                        List.of(e(0, "quay.io/r", "zeta.internal/r"), e(1, "quay.io/r", "alpha.internal/r")),
                        List.of(Kind.ORDER_DIFFERS + " entries[0]"), "[zeta.internal/r, alpha.internal/r]"),
                Arguments.of("a mirror repeats inside one entry (z, a, z)",
                        List.of(e(0, "quay.io/r", "z.internal/r", "a.internal/r", "z.internal/r")),
                        List.of(Kind.ORDER_DIFFERS + " entries[0]"), "[a.internal/r, z.internal/r] by the nodes"),
                Arguments.of("a NeverContactSource host has the length of a wildcard that matches it",
                        List.of(e(0, "*.corp.example", "m.internal/ns"), nc(1, "a.corp.example")),
                        List.of(Kind.WILDCARD_HOST_PORT + " entries[0].source", Kind.NEVER_CONTACT_WITHOUT_MIRROR + " entries[1].source",
                                Kind.NEVER_CONTACT_SHADOWED + " entries[1].source"), "the nodes contact a.corp.example"),
                Arguments.of("a mirrored host has the length of a wildcard that matches it",
                        List.of(e(0, "*.corp.example", "m.internal/ns"), e(1, "a.corp.example", "n.internal")),
                        List.of(Kind.WILDCARD_HOST_PORT + " entries[0].source", Kind.ENTRY_SHADOWED + " entries[1].source"),
                        "never use this entry"),
                Arguments.of("the entries are clean", List.of(e(0, "quay.io/ocp", "mirror.internal/ocp"),
                        e(1, "quay.io/ocp", "mirror.internal/ocp", "backup.internal/ocp"), nc(2, "registry.example.com/x", "m.internal/x")),
                        List.of(), ""),
                Arguments.of("an invalid mirror comes first, the next one is still named by its own index",
                        List.of(e(0, "quay.io/ocp", "", "mirror/art-dev")),
                        List.of(Kind.MIRROR_WITHOUT_HOST + " entries[0].mirrors[1]"), "mirror/art-dev"),
                Arguments.of("an entry is invalid, it is left to the other rules", List.of(e(0, "", "m.internal"),
                        e(1, "quay.io/ocp", "*.bad")), List.of(), ""));
    }

    @ParameterizedTest(name = "When {0}, it should report exactly that")
    @MethodSource("cases")
    void hazards(String when, List<Entry> entries, List<String> expected, String fragment) {
        List<NodeHazards.Hazard> found = NodeHazards.check(entries, true);
        assertThat(found).extracting(h -> h.kind() + " " + h.where()).containsExactlyElementsOf(expected);
        found.forEach(h -> assertThat(h.fix()).isNotBlank());
        if (!expected.isEmpty()) {
            assertThat(found.stream().map(h -> h.message() + " | " + h.fix()).toList()).anyMatch(t -> t.contains(fragment));
        }
    }
}
