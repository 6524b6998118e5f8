package io.hypershift.support.registryoverride;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSetBuilder;
import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrors;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicy;
import io.fabric8.openshift.api.model.operator.v1alpha1.ImageContentSourcePolicyBuilder;
import io.fabric8.openshift.api.model.operator.v1alpha1.RepositoryDigestMirrors;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MirrorOverridesTest {
    private static final String SHA = "sha256:" + "d".repeat(64);

    static ImageContentSourcePolicy icsp(String name, String source, String... mirrors) {
        return new ImageContentSourcePolicyBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).build())
                .withNewSpec()
                .withRepositoryDigestMirrors(new RepositoryDigestMirrors(Arrays.asList(mirrors), source))
                .endSpec()
                .build();
    }

    static ImageDigestMirrorSet idms(String name, ImageDigestMirrors... entries) {
        return new ImageDigestMirrorSetBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).build())
                .withNewSpec().withImageDigestMirrors(entries).endSpec()
                .build();
    }

    static ImageDigestMirrors entry(String source, String policy, String... mirrors) {
        return new ImageDigestMirrors(policy, Arrays.asList(mirrors), source);
    }

    @Test
    void whenHyperShiftsVectorIsBuiltItShouldOrderIdmsThenIcspByNameDescending() {
        // SPEC §3 vector
        var result = MirrorOverridesBuilder.build(
                List.of(idms("idms", entry("R1", null, "M1"))),
                List.of(icsp("icsp-registry-mirrors-1", "registry1", "i1/mirror1", "i1/mirror2"),
                        icsp("icsp-registry-mirrors-2", "registry1", "i2/mirror1", "i2/mirror2")));
        assertThat(result.overrides().asMap()).containsExactly(
                Map.entry("R1", List.of("M1")),
                Map.entry("registry1", List.of("i2/mirror1", "i2/mirror2", "i1/mirror1", "i1/mirror2")));
    }

    @Test
    void whenIdmsAndIcspShareASourceItShouldPutIdmsMirrorsFirst() {
        var result = MirrorOverridesBuilder.build(
                List.of(idms("b", entry("quay.io", null, "idms-b")), idms("a", entry("quay.io", null, "idms-a"))),
                List.of(icsp("x", "quay.io", "icsp-x")));
        assertThat(result.overrides().mirrorsOf("quay.io")).containsExactly("idms-a", "idms-b", "icsp-x");
    }

    @Test
    void whenAMirrorRepeatsItShouldKeepTheFirstOccurrenceOnly() {
        var result = MirrorOverridesBuilder.build(List.of(),
                List.of(icsp("b", "quay.io", "m1.local", "m2.local"), icsp("a", "quay.io", "m2.local", "m1.local", "m3.local")));
        assertThat(result.overrides().mirrorsOf("quay.io")).containsExactly("m1.local", "m2.local", "m3.local");
    }

    @Test
    void whenSourcesAreSpecialItShouldKeepThemVerbatim() {
        var result = MirrorOverridesBuilder.build(
                List.of(idms("i", entry("quay.io/a/b@" + SHA, null, "m.local/pinned"), entry("*.example.com", null, "m.local/ex"),
                        entry("", null, "m.local/ignored"))),
                List.of(icsp("c", "quay.io", "m.local/root")));
        assertThat(result.overrides().asMap().keySet()).containsExactly("*.example.com", "quay.io", "quay.io/a/b@" + SHA);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(PolicyProblem.Severity.WARNING);
            assertThat(p.field()).isEqualTo("spec.imageDigestMirrors[2].source");
        });
    }

    @Test
    void whenHyperShiftsVectorIsBuiltItShouldReportItsUpperCaseNamesWithoutDroppingThem() {
        var result = MirrorOverridesBuilder.build(List.of(idms("idms", entry("R1", null, "M1"))), List.of());
        assertThat(result.overrides().asMap()).containsExactly(Map.entry("R1", List.of("M1")));
        assertThat(result.problems()).extracting(PolicyProblem::field)
                .containsExactly("spec.imageDigestMirrors[0].source", "spec.imageDigestMirrors[0].mirrors[0]");
    }

    @Test
    void whenAnEntryIsInvalidItShouldNameTheObjectAndFieldAndLeaveOutOnlyWhatCannotBeEncoded() {
        var result = MirrorOverridesBuilder.build(
                List.of(idms("bad", entry("quay.io/UPPER", null, "m.local"), entry("quay.io/ok", "Sometimes", "m.local/ok", "bad mirror", "a,b"))),
                List.of());
        assertThat(result.overrides().asMap()).containsExactly(
                Map.entry("quay.io/UPPER", List.of("m.local")),
                Map.entry("quay.io/ok", List.of("m.local/ok")));
        assertThat(result.problems()).extracting(PolicyProblem::describe).containsExactly(
                "ImageDigestMirrorSet/bad: spec.imageDigestMirrors[0].source: invalid image reference \"quay.io/UPPER\": repository names must be lowercase",
                "ImageDigestMirrorSet/bad: spec.imageDigestMirrors[1].mirrors[1]: \"bad mirror\" contains ',', '=' or whitespace and cannot be carried in the override string; left out",
                "ImageDigestMirrorSet/bad: spec.imageDigestMirrors[1].mirrors[2]: \"a,b\" contains ',', '=' or whitespace and cannot be carried in the override string; left out",
                "ImageDigestMirrorSet/bad: spec.imageDigestMirrors[1].mirrorSourcePolicy: unknown policy \"Sometimes\" (want NeverContactSource or AllowContactingSource); the source may still be contacted");
        assertThat(result.hasErrors()).isTrue();
    }

    @Test
    void whenTheSourceIsNeverContactSourceItShouldNotFallBackToTheImage() {
        var result = MirrorOverridesBuilder.build(
                List.of(idms("i", entry("quay.io/openshift-release-dev", "NeverContactSource", "m1.local/ocp", "m2.local/ocp"))),
                List.of());
        MirrorOverrides o = result.overrides();
        assertThat(o.neverContactSources()).containsExactly("quay.io/openshift-release-dev");
        assertThat(o.candidates("quay.io/openshift-release-dev/ocp-release@" + SHA)).containsExactly(
                "m1.local/ocp/ocp-release@" + SHA, "m2.local/ocp/ocp-release@" + SHA);
    }

    static Stream<Arguments> candidates() {
        Map<String, List<String>> m = Map.of(
                "quay.io", List.of("broad1.local", "broad2.local"),
                "quay.io/openshift-release-dev", List.of("narrow.local/ocp"),
                "*.example.com", List.of("wild.local"));
        return Stream.of(
                Arguments.of(m, Set.of(), "quay.io/openshift-release-dev/ocp-release:4.16",
                        List.of("narrow.local/ocp/ocp-release:4.16", "quay.io/openshift-release-dev/ocp-release:4.16")),
                Arguments.of(m, Set.of(), "quay.io/other/x@" + SHA,
                        List.of("broad1.local/other/x@" + SHA, "broad2.local/other/x@" + SHA, "quay.io/other/x@" + SHA)),
                Arguments.of(m, Set.of(), "a.example.com/x", List.of("wild.local/x", "a.example.com/x")),
                Arguments.of(m, Set.of(), "registry.redhat.io/x", List.of("registry.redhat.io/x")),
                Arguments.of(m, Set.of("quay.io"), "quay.io/other/x", List.of("broad1.local/other/x", "broad2.local/other/x")),
                // the narrower source is not NeverContactSource, so the image is still a candidate
                Arguments.of(m, Set.of("quay.io"), "quay.io/openshift-release-dev/x",
                        List.of("narrow.local/ocp/x", "quay.io/openshift-release-dev/x")),
                // a NeverContactSource source without mirrors leaves nothing to try
                Arguments.of(Map.of(), Set.of("quay.io"), "quay.io/x", List.of()),
                // a mirror that rewrites to the image itself is tried once
                Arguments.of(Map.of("quay.io", List.of("quay.io")), Set.of(), "quay.io/x", List.of("quay.io/x")));
    }

    @ParameterizedTest(name = "When pulling {2}, it should try {3}")
    @MethodSource("candidates")
    void whenAnImageIsPulledItShouldTryMirrorsThenTheImage(Map<String, List<String>> m, Set<String> ncs, String image,
            List<String> expected) {
        assertThat(MirrorOverrides.of(m, ncs).candidates(image)).containsExactlyElementsOf(expected);
    }
}
