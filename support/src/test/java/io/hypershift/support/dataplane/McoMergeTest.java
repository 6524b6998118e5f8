package io.hypershift.support.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.api.v1beta1.ImageContentSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The renderer against the MCO's merge ({@code openshift/runtime-utils pkg/registries}): the facts of that library's
 * own tests ({@code TestTopoGraph}, {@code mergedMirrorsetsTestcases}, {@code TestMirrorsContainsARealMirror},
 * {@code TestEditRegistriesConfig}), restated for {@code imageContentSources}.
 */
class McoMergeTest {
    static Stream<Arguments> topoCases() {
        // two disconnected copies (upper and lower case); only the order inside each copy is specified
        return Stream.of(
                Arguments.of("the graph is empty", List.of(), ""),
                Arguments.of("edges share their start", List.of("AB", "AC", "AD", "ab", "ac", "ad"), "AaBCDbcd"),
                Arguments.of("edges share their end", List.of("AD", "BD", "CD", "ad", "bd", "cd"), "ABCabcDd"),
                Arguments.of("the edges form a path", List.of("AB", "BC", "CD", "DE", "ab", "bc", "cd", "de"), "AaBbCcDdEe"),
                Arguments.of("the edges form a loop", List.of("AB", "BC", "CD", "DA", "ab", "bc", "cd", "da"), "ABCDabcd"),
                Arguments.of("a loop has an extra input and output",
                        List.of("AB", "BC", "CD", "DB", "DE", "ab", "bc", "cd", "db", "de"), "AaBCDEbcde"));
    }

    @ParameterizedTest(name = "When {0}, it should sort like the MCO's topoGraph whatever the edge order")
    @MethodSource("topoCases")
    void topo(String when, List<String> edges, String expected) {
        for (int offset = 0; offset == 0 || offset < edges.size(); offset++) {
            TopoOrder graph = new TopoOrder();
            for (int i = 0; i < edges.size(); i++) {
                String e = edges.get((offset + i) % edges.size());
                graph.addEdge(e.substring(0, 1), e.substring(1, 2));
            }
            assertThat(String.join("", graph.sorted())).as("edges rotated by %d", offset).isEqualTo(expected);
        }
    }

    /** One imageContentSources entry; {@code nc} marks NeverContactSource. */
    record Entry(String source, List<String> mirrors, boolean nc) {}

    static Entry e(String source, String... mirrors) {
        return new Entry(source, Arrays.asList(mirrors), false);
    }

    static Entry nc(String source, String... mirrors) {
        return new Entry(source, Arrays.asList(mirrors), true);
    }

    static Map<String, List<String>> merged(Object... sourceThenMirrors) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < sourceThenMirrors.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> mirrors = (List<String>) sourceThenMirrors[i + 1];
            m.put((String) sourceThenMirrors[i], mirrors);
        }
        return m;
    }

    static Stream<Arguments> mergeCases() {
        return Stream.of(
                Arguments.of("there are no entries", List.of(), merged(), List.of()),
                Arguments.of("entries have no mirrors (irrelevant singletons)",
                        List.of(e("a.example.com"), e("b.example.com")), merged(), List.of()),
                Arguments.of("mirror sets are separate, their order is kept and the sources sorted",
                        List.of(e("source.example.net", "z1.example.net", "y2.example.net", "x3.example.net"),
                                e("source.example.com", "z1.example.com", "y2.example.com", "x3.example.com")),
                        merged("source.example.com", List.of("z1.example.com", "y2.example.com", "x3.example.com"),
                                "source.example.net", List.of("z1.example.net", "y2.example.net", "x3.example.net")),
                        List.of()),
                Arguments.of("one separate set is NeverContactSource, only its source is blocked",
                        List.of(nc("source.example.net", "z1.example.net", "y2.example.net"),
                                e("source.example.com", "z1.example.com")),
                        merged("source.example.com", List.of("z1.example.com"),
                                "source.example.net", List.of("z1.example.net", "y2.example.net")),
                        List.of("source.example.net")),
                Arguments.of("sets share an element, the strict order is kept",
                        List.of(e("source.example.net", "z1.example.net", "y2.example.net"),
                                e("source.example.net", "y2.example.net", "x3.example.net")),
                        merged("source.example.net", List.of("z1.example.net", "y2.example.net", "x3.example.net")),
                        List.of()),
                Arguments.of("the source is among its mirrors, it stays where the merge puts it",
                        List.of(e("source.example.com", "z1.example.com", "source.example.com", "y2.example.com"),
                                e("source.example.com", "source.example.com", "y2.example.com", "x3.example.com")),
                        merged("source.example.com",
                                List.of("z1.example.com", "source.example.com", "y2.example.com", "x3.example.com")),
                        List.of()),
                Arguments.of("the mirrors only repeat the source, the entry is not a mirror set",
                        List.of(e("source.example.com", "source.example.com"),
                                e("source.example.net", "source.example.net", "source.example.net", "source.example.net")),
                        merged(), List.of()),
                Arguments.of("vendor and admin entries disagree (the MCO's example)",
                        List.of(e("source.vendor.com", "registry2.vendor.com"),
                                e("source.vendor2.com", "registry1.vendor2.com", "registry2.vendor2.com"),
                                e("source.vendor.com", "local-mirror.example.com"),
                                e("source.vendor2.com", "local-mirror2.example.com", "registry2.vendor2.com",
                                        "registry1.vendor2.com")),
                        merged("source.vendor.com", List.of("local-mirror.example.com", "registry2.vendor.com"),
                                "source.vendor2.com", List.of("local-mirror2.example.com", "registry1.vendor2.com",
                                        "registry2.vendor2.com")),
                        List.of()),
                Arguments.of("one source is repeated across three entries, every mirror ends before the source",
                        List.of(e("insecure.com/ns-dupe-i1", "other.com/ns-o3"), e("insecure.com/ns-dupe-i1", "other.com/ns-o1"),
                                e("insecure.com/ns-dupe-i1", "other.com/ns-o2")),
                        merged("insecure.com/ns-dupe-i1", List.of("other.com/ns-o1", "other.com/ns-o2", "other.com/ns-o3")),
                        List.of()),
                Arguments.of("a mirror repeats inside one entry (z, a, z), the cycle is broken in name order",
                        List.of(e("quay.io/r", "z.example.com/r", "a.example.com/r", "z.example.com/r")),
                        merged("quay.io/r", List.of("a.example.com/r", "z.example.com/r")), List.of()),
                Arguments.of("two entries are (x, y) and (y, z), they chain",
                        List.of(e("quay.io/r", "x.example.com/r", "y.example.com/r"),
                                e("quay.io/r", "y.example.com/r", "z.example.com/r")),
                        merged("quay.io/r", List.of("x.example.com/r", "y.example.com/r", "z.example.com/r")), List.of()),
                Arguments.of("two entries are (zeta) and (alpha), both only precede the source, so name order decides",
                        List.of(e("quay.io/r", "zeta.example.com/r"), e("quay.io/r", "alpha.example.com/r")),
                        merged("quay.io/r", List.of("alpha.example.com/r", "zeta.example.com/r")), List.of()),
                Arguments.of("a blocked scope is nested in a mirrored one, it gets the mirrors with its extra path",
                        List.of(e("primary.com/top", "mirror.com/primary"),
                                e("primary.com/top/insecure/more-specific", "mirror.com/more-specific"),
                                nc("primary.com/top/blocked")),
                        merged("primary.com/top", List.of("mirror.com/primary"),
                                "primary.com/top/blocked", List.of("mirror.com/primary/blocked"),
                                "primary.com/top/insecure/more-specific", List.of("mirror.com/more-specific")),
                        List.of("primary.com/top/blocked")));
    }

    @ParameterizedTest(name = "When {0}, it should merge as the MCO does")
    @MethodSource("mergeCases")
    void merge(String when, List<Entry> entries, Map<String, List<String>> expected, List<String> blocked) {
        List<ImageContentSource> sources = new ArrayList<>();
        List<String> neverContact = new ArrayList<>();
        for (Entry entry : entries) {
            sources.add(new ImageContentSource(entry.source(), entry.mirrors()));
            if (entry.nc()) {
                neverContact.add(entry.source());
            }
        }
        List<RegistriesConf.Registry> registries =
                RegistriesConf.registries(DataPlaneMirrors.of(sources, String.join(",", neverContact)));
        Map<String, List<String>> actual = new LinkedHashMap<>();
        registries.forEach(r -> actual.put(r.scope(), r.mirrors()));
        assertThat(actual).containsExactlyEntriesOf(expected);
        assertThat(registries.stream().filter(RegistriesConf.Registry::blocked).map(RegistriesConf.Registry::scope))
                .containsExactlyElementsOf(blocked);
    }
}
