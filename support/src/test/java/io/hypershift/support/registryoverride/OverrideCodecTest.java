package io.hypershift.support.registryoverride;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OverrideCodecTest {

    private static Map<String, List<String>> ordered(Object... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> v = (List<String>) kv[i + 1];
            m.put((String) kv[i], v);
        }
        return m;
    }

    @Test
    void whenMirrorOverridesAreFormattedItShouldRepeatTheSourcePerMirrorSorted() {
        // SPEC §4 vector
        MirrorOverrides o = MirrorOverrides.of(ordered(
                "registry2", List.of("mirror2.1"),
                "registry1", List.of("mirror1.1", "mirror1.2")));
        assertThat(o.format()).isEqualTo("registry1=mirror1.1,registry1=mirror1.2,registry2=mirror2.1");
    }

    @Test
    void whenMirrorsAreNotSortedItShouldKeepTheirPriorityOrder() {
        MirrorOverrides o = MirrorOverrides.of(Map.of("registry1", List.of("z-first", "a-second")));
        assertThat(o.format()).isEqualTo("registry1=z-first,registry1=a-second");
    }

    @Test
    void whenThereAreNoOverridesItShouldFormatTheEqualsLiteral() {
        assertThat(MirrorOverrides.empty().format()).isEqualTo("=");
        assertThat(RegistryOverrides.empty().format()).isEqualTo("=");
    }

    @Test
    void whenRoIsFormattedItShouldSortTheJoinedPairsLikeHyperShift() {
        // HyperShift sorts the "k=v" strings, so "a-b=..." ('-' < '=') comes before "a=...".
        RegistryOverrides ro = RegistryOverrides.of(Map.of("a", "x", "a-b", "y", "quay.io", "m.local"));
        assertThat(ro.format()).isEqualTo("a-b=y,a=x,quay.io=m.local");
    }

    @Test
    void whenTheSpecVectorIsParsedItShouldGroupMirrorsInOrder() {
        ParseResult<MirrorOverrides> r = OverrideCodec.parseMirrors("registry1=mirror1.1,registry1=mirror1.2,registry2=mirror2.1");
        assertThat(r.value().asMap()).containsExactly(
                Map.entry("registry1", List.of("mirror1.1", "mirror1.2")),
                Map.entry("registry2", List.of("mirror2.1")));
        assertThat(r.warnings()).isEmpty();
    }

    static Stream<Arguments> skipped() {
        return Stream.of(
                Arguments.of("", Map.of(), 0),
                Arguments.of("=", Map.of(), 0),
                Arguments.of("  =  ", Map.of(), 0),
                Arguments.of("a=b,noequals", Map.of("a", List.of("b")), 1),
                Arguments.of("a=b,=c", Map.of("a", List.of("b")), 1),
                Arguments.of("a=b,c=", Map.of("a", List.of("b")), 1),
                Arguments.of("a=b,,c=d", Map.of("a", List.of("b"), "c", List.of("d")), 1),
                Arguments.of("a=b,", Map.of("a", List.of("b")), 1),
                Arguments.of("a=b,a=b", Map.of("a", List.of("b")), 1),
                Arguments.of("a=b=c", Map.of("a", List.of("b=c")), 0),
                Arguments.of(" a = b , c=d ", Map.of("a", List.of("b"), "c", List.of("d")), 0));
    }

    @ParameterizedTest(name = "When parsing \"{0}\", it should give {1} with {2} warnings")
    @MethodSource("skipped")
    void whenPiecesAreMalformedItShouldSkipThemWithAWarning(String input, Map<String, List<String>> expected, int warnings) {
        ParseResult<MirrorOverrides> r = OverrideCodec.parseMirrors(input);
        assertThat(r.value().asMap()).isEqualTo(expected);
        assertThat(r.warnings()).hasSize(warnings);
        r.warnings().forEach(w -> assertThat(w).contains("piece"));
    }

    static Stream<String> roundTrips() {
        return Stream.of(
                "=",
                "quay.io=m1.local,quay.io=m2.local",
                "localhost:5000/a=mirror:6000/b,quay.io/openshift-release-dev/ocp-release=m.local/ocp/release",
                "*.example.com=mirror.local/ex,registry.redhat.io=m.local/rh",
                "quay.io/a/b@sha256:" + "c".repeat(64) + "=m.local/a/b");
    }

    @ParameterizedTest(name = "When \"{0}\" is parsed and formatted, it should come back unchanged")
    @MethodSource("roundTrips")
    void roundTripsMirrorOverrides(String value) {
        ParseResult<MirrorOverrides> r = OverrideCodec.parseMirrors(value);
        assertThat(r.warnings()).isEmpty();
        assertThat(r.value().format()).isEqualTo(value);
        assertThat(OverrideCodec.parseMirrors(r.value().format()).value()).isEqualTo(r.value());
    }

    @Test
    void whenRoRoundTripsItShouldKeepEveryEntry() {
        String value = "a-b=y,a=x,localhost:5000=mirror:6000,quay.io=m.local";
        ParseResult<RegistryOverrides> r = OverrideCodec.parseRegistryOverrides(value);
        assertThat(r.warnings()).isEmpty();
        assertThat(r.value().format()).isEqualTo(value);
    }

    @Test
    void whenRoGivesASourceTwiceItShouldKeepTheLastAndWarn() {
        ParseResult<RegistryOverrides> r = OverrideCodec.parseRegistryOverrides(List.of("quay.io=a", "quay.io=b"));
        assertThat(r.value().asMap()).containsExactly(Map.entry("quay.io", "b"));
        assertThat(r.warnings()).singleElement().asString().contains("given twice");
    }

    @Test
    void whenRoIsMergedIntoMirrorsItShouldAppendTargetsAfterMirrors() {
        MirrorOverrides mirrors = MirrorOverrides.of(Map.of("quay.io", List.of("m1", "m2")));
        RegistryOverrides ro = RegistryOverrides.of(Map.of("quay.io", "ro-target", "docker.io", "d.local", "quay.io/x", "m1"));
        assertThat(mirrors.withRegistryOverrides(ro).format())
                .isEqualTo("docker.io=d.local,quay.io=m1,quay.io=m2,quay.io=ro-target,quay.io/x=m1");
        assertThat(mirrors.withRegistryOverrides(RegistryOverrides.of(Map.of("quay.io", "m1"))).format())
                .as("a target that is already a mirror is not repeated").isEqualTo("quay.io=m1,quay.io=m2");
    }

    @Test
    void whenAValueHoldsTwoMillionCommas_itShouldWarnOnceAboutTheEmptyPieces() {
        long t0 = System.nanoTime();
        ParseResult<MirrorOverrides> r = OverrideCodec.parseMirrors("a.io/x=m.io/x" + ",".repeat(2_000_000));
        assertThat(r.value().asMap()).containsOnlyKeys("a.io/x");
        assertThat(r.warnings()).containsExactly("2000000 empty pieces skipped (pieces 2, 3, 4, 5, 6, …)");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(5));
    }

    @Test
    void whenManyPiecesAreInvalid_theWarningsShouldBeCappedWithACount() {
        ParseResult<MirrorOverrides> r = OverrideCodec.parseMirrors("x,".repeat(100) + "a.io/x=m.io/x");
        assertThat(r.warnings()).hasSize(ParseResult.MAX_WARNINGS + 1)
                .endsWith("80 more warnings like these not shown");
    }
}
