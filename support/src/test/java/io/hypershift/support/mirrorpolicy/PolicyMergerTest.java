package io.hypershift.support.mirrorpolicy;

import static io.hypershift.support.mirrorpolicy.PolicyInputsTest.V1;
import static io.hypershift.support.mirrorpolicy.PolicyInputsTest.V2_RUN_1;
import static io.hypershift.support.mirrorpolicy.PolicyInputsTest.V2_RUN_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.fabric8.openshift.api.model.config.v1.ImageTagMirrorSet;
import io.hypershift.support.cli.UserInputException;
import io.hypershift.support.mirrorpolicy.PolicyMerger.OutputKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyMergerTest {
    static final Path GOLDEN = GoldenFiles.FIXTURES.resolve("golden");

    @TempDir
    Path dir;

    static String mergeYaml(List<Path> paths, OutputKind kind, String name) {
        return PolicyYaml.write(PolicyMerger.merge(PolicyInputs.read(paths), kind, name).objects());
    }

    /** Source → mirrors of every entry of the merged objects of one kind. */
    static Map<String, List<String>> entries(PolicyMerger.Result r, PolicyKind kind) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        r.objects().stream().map(o -> PolicyObject.of(o, null)).filter(o -> o.kind() == kind)
                .flatMap(o -> o.entries().stream()).forEach(e -> out.put(e.source(), e.mirrors()));
        return out;
    }

    static Stream<Arguments> goldens() {
        return Stream.of(
                Arguments.of("merge-v1-idms.yaml", List.of(V1), OutputKind.IDMS, "oc-mirror-merged"),
                Arguments.of("merge-v1-icsp.yaml", List.of(V1), OutputKind.ICSP, "oc-mirror-merged"),
                Arguments.of("merge-v2.yaml", List.of(V2_RUN_1, V2_RUN_2), OutputKind.IDMS, "oc-mirror-merged"),
                Arguments.of("merge-v1-then-v2.yaml", List.of(V1, V2_RUN_1, V2_RUN_2), OutputKind.IDMS, "disconnected-mirrors"));
    }

    @ParameterizedTest(name = "When merging into {0}, it should write the golden bytes")
    @MethodSource("goldens")
    void whenMergingOcMirrorRunsItShouldMatchTheGoldenOutput(String golden, List<Path> paths, OutputKind kind, String name) {
        GoldenFiles.assertMatches(GOLDEN.resolve(golden), mergeYaml(paths, kind, name));
    }

    @Test
    void whenTheSecondV1RunIsADeltaMergingBothShouldGiveTheFullSet() {
        List<PolicyInput> runs = PolicyInputs.read(List.of(V1));
        Map<String, List<String>> delta = entries(PolicyMerger.merge(List.of(runs.get(1)), OutputKind.IDMS, "x"), PolicyKind.IDMS);
        Map<String, List<String>> full = entries(PolicyMerger.merge(runs, OutputKind.IDMS, "x"), PolicyKind.IDMS);
        // the delta alone has lost what only the first run mirrored
        assertThat(delta).doesNotContainKeys("registry.redhat.io/multicluster-engine", "registry.redhat.io/openshift4",
                "registry.redhat.io/ubi9");
        assertThat(full).containsExactly(
                Map.entry("quay.io/openshift-release-dev/ocp-release", List.of("mirror.example.com:8443/openshift/release-images")),
                Map.entry("quay.io/openshift-release-dev/ocp-v4.0-art-dev", List.of("mirror.example.com:8443/openshift/release")),
                Map.entry("registry.redhat.io/multicluster-engine", List.of("mirror.example.com:8443/multicluster-engine")),
                Map.entry("registry.redhat.io/odf4", List.of("mirror.example.com:8443/odf4")),
                Map.entry("registry.redhat.io/openshift4", List.of("mirror.example.com:8443/openshift4")),
                Map.entry("registry.redhat.io/rhel9", List.of("mirror.example.com:8443/rhel9")),
                Map.entry("registry.redhat.io/ubi9", List.of("mirror.example.com:8443/ubi9")));
    }

    @Test
    void whenTheSecondV2RunIsADeltaMergingBothShouldGiveTheFullSetAndKeepTheItmsApart() {
        PolicyMerger.Result r = PolicyMerger.merge(PolicyInputs.read(List.of(V2_RUN_1, V2_RUN_2)), OutputKind.IDMS, "m");
        assertThat(r.objects()).hasSize(2);
        assertThat(r.objects().get(0)).isInstanceOf(ImageDigestMirrorSet.class);
        assertThat(r.objects().get(1)).isInstanceOf(ImageTagMirrorSet.class);
        assertThat(entries(r, PolicyKind.IDMS)).containsOnlyKeys("quay.io/openshift-release-dev/ocp-release",
                "quay.io/openshift-release-dev/ocp-v4.0-art-dev", "registry.redhat.io/multicluster-engine",
                "registry.redhat.io/odf4", "registry.redhat.io/openshift4", "registry.redhat.io/rhel9");
        assertThat(entries(r, PolicyKind.ITMS)).containsExactly(
                Map.entry("registry.redhat.io/ubi9", List.of("registry.example.net:5000/ocp/ubi9")));
        assertThat(r.summary()).isEqualTo("merged 4 objects from 2 inputs into 6 digest sources and 1 tag source; "
                + "1 repeated mirror folded");
    }

    @Test
    void whenTheSameInputsAreMergedTwiceItShouldWriteTheSameBytes() {
        List<Path> paths = List.of(V1, V2_RUN_1, V2_RUN_2);
        String first = mergeYaml(paths, OutputKind.IDMS, "m");
        String second = mergeYaml(paths, OutputKind.IDMS, "m");
        assertThat(second).isEqualTo(first);
        // and the merged output merged again is a fixed point
        Path out = dir.resolve("merged.yaml");
        try {
            Files.writeString(out, first);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(mergeYaml(List.of(out), OutputKind.IDMS, "m")).isEqualTo(first);
    }

    @Test
    void whenRunsShareASourceItShouldPutTheEarlierRunsMirrorsFirst() throws IOException {
        Path a = Files.writeString(dir.resolve("a.yaml"), PolicyInputsTest.icsp("release-0", "quay.io/ocp", "old.local/ocp", "shared.local/ocp"));
        Path b = Files.writeString(dir.resolve("b.yaml"), PolicyInputsTest.icsp("release-0", "quay.io/ocp", "new.local/ocp", "shared.local/ocp"));
        assertThat(entries(PolicyMerger.merge(PolicyInputs.read(List.of(a, b)), OutputKind.IDMS, "m"), PolicyKind.IDMS))
                .containsExactly(Map.entry("quay.io/ocp", List.of("old.local/ocp", "shared.local/ocp", "new.local/ocp")));
        assertThat(entries(PolicyMerger.merge(PolicyInputs.read(List.of(b, a)), OutputKind.IDMS, "m"), PolicyKind.IDMS))
                .containsExactly(Map.entry("quay.io/ocp", List.of("new.local/ocp", "shared.local/ocp", "old.local/ocp")));
    }

    private Path idms(String file, String entries) throws IOException {
        return Files.writeString(dir.resolve(file), """
                apiVersion: config.openshift.io/v1
                kind: ImageDigestMirrorSet
                metadata:
                  name: %s
                spec:
                  imageDigestMirrors:
                %s""".formatted(file.replace(".yaml", ""), entries.indent(2)));
    }

    @Test
    void whenAnyInputSaysNeverContactSourceItShouldKeepItAndWarnAboutTheDisagreement() throws IOException {
        Path a = idms("a.yaml", "- {source: quay.io/ocp, mirrors: [m1.local/ocp]}");
        Path b = idms("b.yaml", "- {source: quay.io/ocp, mirrors: [m2.local/ocp], mirrorSourcePolicy: NeverContactSource}");
        PolicyMerger.Result r = PolicyMerger.merge(PolicyInputs.read(List.of(a, b)), OutputKind.IDMS, "m");
        ImageDigestMirrorSet out = (ImageDigestMirrorSet) r.objects().get(0);
        assertThat(out.getSpec().getImageDigestMirrors()).singleElement().satisfies(e -> {
            assertThat(e.getMirrors()).containsExactly("m1.local/ocp", "m2.local/ocp");
            assertThat(e.getMirrorSourcePolicy()).isEqualTo("NeverContactSource");
        });
        assertThat(r.warnings()).singleElement().asString()
                .isEqualTo(b + ": document 1: ImageDigestMirrorSet/b: spec.imageDigestMirrors[0].mirrorSourcePolicy: "
                        + "quay.io/ocp is NeverContactSource here but not at " + a + ": document 1: ImageDigestMirrorSet/a: "
                        + "spec.imageDigestMirrors[0]; the merged entry keeps NeverContactSource");
    }

    @Test
    void whenNeverContactSourceIsAskedForAnIcspItShouldRefuse() throws IOException {
        Path b = idms("b.yaml", "- {source: quay.io/ocp, mirrors: [m2.local/ocp], mirrorSourcePolicy: NeverContactSource}");
        assertThatThrownBy(() -> PolicyMerger.merge(PolicyInputs.read(List.of(b)), OutputKind.ICSP, "m"))
                .isInstanceOf(UserInputException.class)
                .hasMessageEndingWith("NeverContactSource for quay.io/ocp cannot be written in an ImageContentSourcePolicy; "
                        + "use --output-kind idms");
    }

    @Test
    void whenNeverContactSourceHasNoMirrorInAnyInputItShouldRefuse() throws IOException {
        Path b = idms("b.yaml", "- {source: quay.io/ocp, mirrorSourcePolicy: NeverContactSource}");
        assertThatThrownBy(() -> PolicyMerger.merge(PolicyInputs.read(List.of(b)), OutputKind.IDMS, "m"))
                .isInstanceOf(UserInputException.class)
                .hasMessage(b + ": document 1: ImageDigestMirrorSet/b: spec.imageDigestMirrors[0].mirrorSourcePolicy: "
                        + "NeverContactSource for quay.io/ocp, and no input gives it a mirror; no pull of it could succeed");
    }

    @Test
    void whenASourceHasNoMirrorItShouldLeaveItOutWithAWarning() throws IOException {
        Path a = idms("a.yaml", "- {source: quay.io/empty}\n- {source: quay.io/ocp, mirrors: [m.local/ocp]}");
        PolicyMerger.Result r = PolicyMerger.merge(PolicyInputs.read(List.of(a)), OutputKind.IDMS, "m");
        assertThat(entries(r, PolicyKind.IDMS)).containsOnlyKeys("quay.io/ocp");
        assertThat(r.warnings()).containsExactly(a + ": document 1: ImageDigestMirrorSet/a: spec.imageDigestMirrors[0]: "
                + "quay.io/empty has no mirror in any input; left out");
    }

    @Test
    void whenAnEntryIsInvalidItShouldRefuseNamingTheObjectAndFieldAndCountTheRest() throws IOException {
        Path a = idms("a.yaml", "- {source: quay.io/UPPER, mirrors: [m.local/ocp]}\n- {source: quay.io/ocp, mirrors: [\"*.m.local\"]}");
        assertThatThrownBy(() -> PolicyMerger.merge(PolicyInputs.read(List.of(a)), OutputKind.IDMS, "m"))
                .isInstanceOf(UserInputException.class)
                .hasMessage(a + ": document 1: ImageDigestMirrorSet/a: spec.imageDigestMirrors[0].source: invalid image "
                        + "reference \"quay.io/UPPER\": repository names must be lowercase (and 1 more errors; list them "
                        + "with: hypershift-operator mirror-policy lint PATH...)");
    }

    @Test
    void whenAnIcspSourceHasADigestItShouldRefuseAnIdmsButWriteAnIcsp() throws IOException {
        String sha = "sha256:" + "a".repeat(64);
        Path a = Files.writeString(dir.resolve("a.yaml"), PolicyInputsTest.icsp("a", "quay.io/ocp/release@" + sha, "m.local/ocp/release"));
        assertThatThrownBy(() -> PolicyMerger.merge(PolicyInputs.read(List.of(a)), OutputKind.IDMS, "m"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("spec.repositoryDigestMirrors[0].source: \"quay.io/ocp/release@" + sha
                        + "\" has a tag or digest, which an ImageDigestMirrorSet source cannot hold");
        assertThat(PolicyMerger.merge(PolicyInputs.read(List.of(a)), OutputKind.ICSP, "m").objects()).hasSize(1);
    }

    @Test
    void whenTheNameIsNotAnObjectNameItShouldRefuse() {
        assertThatThrownBy(() -> PolicyMerger.merge(PolicyInputs.read(List.of(V1)), OutputKind.IDMS, "Merged_Mirrors"))
                .isInstanceOf(UserInputException.class).hasMessageStartingWith("--name: \"Merged_Mirrors\" is not a valid object name");
    }

    @Test
    void whenNoInputHoldsAPolicyItShouldRefuse() throws IOException {
        Path f = Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        assertThatThrownBy(() -> PolicyMerger.merge(PolicyInputs.read(List.of(f)), OutputKind.IDMS, "m"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("no ImageContentSourcePolicy, ImageDigestMirrorSet or ImageTagMirrorSet in " + f);
    }
}
