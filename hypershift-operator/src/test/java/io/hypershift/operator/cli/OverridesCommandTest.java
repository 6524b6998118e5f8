package io.hypershift.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OverridesCommandTest {
    private static final String SHA = "sha256:" + "e".repeat(64);

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static final String ICSP_1 = """
            apiVersion: operator.openshift.io/v1alpha1
            kind: ImageContentSourcePolicy
            metadata:
              name: icsp-registry-mirrors-1
            spec:
              repositoryDigestMirrors:
              - source: registry1
                mirrors: [i1/mirror1, i1/mirror2]
            """;
    private static final String ICSP_2 = """
            apiVersion: operator.openshift.io/v1alpha1
            kind: ImageContentSourcePolicy
            metadata:
              name: icsp-registry-mirrors-2
            spec:
              repositoryDigestMirrors:
              - source: registry1
                mirrors: [i2/mirror1, i2/mirror2]
            """;
    private static final String IDMS = """
            apiVersion: config.openshift.io/v1
            kind: ImageDigestMirrorSet
            metadata:
              name: idms
            spec:
              imageDigestMirrors:
              - source: quay.io/openshift-release-dev
                mirrors: [m.local/ocp]
                mirrorSourcePolicy: NeverContactSource
            """;

    @Test
    void whenManifestsHoldSeveralDocumentsAndListsItShouldBuildTheOverridesInSpecOrder() throws IOException {
        Path multi = write("multi.yaml", ICSP_1 + "---\n" + IDMS);
        Path list = write("list.json", """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "operator.openshift.io/v1alpha1", "kind": "ImageContentSourcePolicy",
                   "metadata": {"name": "icsp-registry-mirrors-2"},
                   "spec": {"repositoryDigestMirrors": [{"source": "registry1", "mirrors": ["i2/mirror1", "i2/mirror2"]}]}}
                ]}
                """);
        CliRun env = CliRun.of("overrides", "from-manifests", multi.toString(), list.toString());
        assertThat(env.exitCode()).isZero();
        assertThat(env.out().strip()).isEqualTo(
                "quay.io/openshift-release-dev=m.local/ocp,"
                        + "registry1=i2/mirror1,registry1=i2/mirror2,registry1=i1/mirror1,registry1=i1/mirror2");
        assertThat(env.err()).contains("NeverContactSource for quay.io/openshift-release-dev is not carried by the env format");

        CliRun json = CliRun.of("overrides", "from-manifests", "--output", "json", multi.toString(), list.toString());
        assertThat(json.out()).isEqualToIgnoringWhitespace("""
                {"quay.io/openshift-release-dev": ["m.local/ocp"],
                 "registry1": ["i2/mirror1", "i2/mirror2", "i1/mirror1", "i1/mirror2"]}""".replace(" ", ""));

        CliRun flag = CliRun.of("overrides", "from-manifests", "--output", "flag", dir.toString());
        assertThat(flag.exitCode()).isZero();
        assertThat(flag.out().strip()).isEqualTo("quay.io/openshift-release-dev=m.local/ocp,registry1=i2/mirror1");
        assertThat(flag.err()).contains("keeping i2/mirror1 and dropping i2/mirror2, i1/mirror1, i1/mirror2");
    }

    @Test
    void whenTheTypedListLeavesOutItemKindsItShouldStillReadThem() throws IOException {
        Path list = write("typed.yaml", """
                apiVersion: operator.openshift.io/v1alpha1
                kind: ImageContentSourcePolicyList
                items:
                - metadata: {name: a}
                  spec:
                    repositoryDigestMirrors:
                    - {source: quay.io, mirrors: [m.local]}
                """);
        CliRun run = CliRun.of("overrides", "from-manifests", list.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("quay.io=m.local");
    }

    @Test
    void whenTheJsonFormatIsAskedForItShouldSayThatNeverContactSourceIsNotCarried() throws IOException {
        Path idms = write("idms.yaml", IDMS);
        CliRun json = CliRun.of("overrides", "from-manifests", "--output", "json", idms.toString());
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).doesNotContain("NeverContactSource");
        assertThat(json.err()).contains("NeverContactSource for quay.io/openshift-release-dev is not carried by the json format");
    }

    /** An IDMS or ITMS ({@code kind}) with one entry, {@code source} to {@code mirror}, and the given policy. */
    static String mirrorSet(String kind, String source, String mirror, String policy) {
        String entries = kind.equals("ImageTagMirrorSet") ? "imageTagMirrors" : "imageDigestMirrors";
        return "apiVersion: config.openshift.io/v1\nkind: " + kind + "\nmetadata: {name: " + entries.toLowerCase()
                + "}\nspec:\n  " + entries + ":\n  - {source: " + source + ", mirrors: [" + mirror + "], mirrorSourcePolicy: "
                + policy + "}\n";
    }

    static final String ITMS = mirrorSet("ImageTagMirrorSet", "quay.io/t", "m.local/t", "NeverContactSource");

    @Test
    void whenAFileHoldsAnImageTagMirrorSet_itsTagMirrorsShouldBeShownApartFromTheMirrorOverrides() throws IOException {
        Path itms = write("itms.yaml", ITMS);
        CliRun run = CliRun.of("overrides", "from-manifests", itms.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).as("the mirror overrides hold no ITMS entry").isEqualTo("=");
        assertThat(run.err()).contains("note: the ImageTagMirrorSets give tag mirrors for 1 source(s), used for tag "
                + "references only; --tag-mirrors prints them");

        CliRun tags = CliRun.of("overrides", "from-manifests", "--tag-mirrors", itms.toString());
        assertThat(tags.exitCode()).isZero();
        assertThat(tags.out().strip()).isEqualTo("quay.io/t=m.local/t");
    }

    @Test
    void whenResolvingWithAnImageTagMirrorSet_aTagShouldTryTheTagMirrorFirstAndADigestShouldNever() throws IOException {
        Path dir = write("itms.yaml", ITMS).getParent();
        write("idms.yaml", mirrorSet("ImageDigestMirrorSet", "quay.io/t", "d.local/t", "AllowContactingSource"));
        CliRun tag = CliRun.of("overrides", "resolve", "--mirror-config", dir.toString(), "quay.io/t/app:v1");
        assertThat(tag.exitCode()).as(tag.err()).isZero();
        assertThat(tag.out().lines()).containsExactly("m.local/t/app:v1", "d.local/t/app:v1");
        assertThat(tag.err()).contains("note: the first 1 candidate(s) are tag mirrors (ImageTagMirrorSets)");

        String sha = "sha256:" + "e".repeat(64);
        CliRun digest = CliRun.of("overrides", "resolve", "--mirror-config", dir.toString(), "quay.io/t/app@" + sha);
        assertThat(digest.exitCode()).isZero();
        assertThat(digest.out().lines()).containsExactly("d.local/t/app@" + sha, "quay.io/t/app@" + sha);
        assertThat(digest.err()).doesNotContain("tag mirrors");
    }

    @Test
    void whenThereAreNoPoliciesAndEmptyIsAllowedItShouldPrintTheEqualsLiteral() throws IOException {
        Path empty = write("empty.yaml", "---\n---\n");
        CliRun run = CliRun.of("overrides", "from-manifests", "--allow-empty", empty.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("=");
    }

    static Stream<Arguments> icspEntriesTheApiServerAccepts() {
        return Stream.of(
                Arguments.of(ICSP_1.replace("i1/mirror2", "\"i1/mirror2@sha256:" + "a".repeat(64) + "\""),
                        "spec.repositoryDigestMirrors[0].mirrors[1]", "registry1=i1/mirror1"),
                Arguments.of(ICSP_1.replace("i1/mirror2", "\"Bad Mirror\""),
                        "spec.repositoryDigestMirrors[0].mirrors[1]", "registry1=i1/mirror1"),
                Arguments.of(ICSP_1.replace("source: registry1", "source: quay.io/UPPER"),
                        "spec.repositoryDigestMirrors[0].source: invalid image reference \"quay.io/UPPER\"",
                        "quay.io/UPPER=i1/mirror1"),
                Arguments.of(ICSP_1.replace("source: registry1", "source: \"*.example.com/x\"") + "---\n" + ICSP_2,
                        "spec.repositoryDigestMirrors[0].source: invalid image reference \"*.example.com/x\": a wildcard",
                        "registry1=i2/mirror1"));
    }

    @ParameterizedTest(name = "When an ICSP entry is invalid but stored by the API server ({1}), from-manifests should "
            + "print what the operator builds and warn")
    @MethodSource("icspEntriesTheApiServerAccepts")
    void whenAnIcspEntryIsInvalidButAccepted_itShouldPrintWhatTheOperatorBuildsWithAWarning(String content,
            String problem, String printed) throws IOException {
        Path icsp = write("icsp.yaml", content);
        CliRun run = CliRun.of("overrides", "from-manifests", icsp.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(printed);
        assertThat(run.err()).contains("warning: " + icsp + ": document 1: ImageContentSourcePolicy/").contains(problem)
                .contains("the operator builds the rest and reports this entry");
    }

    static Stream<Arguments> badManifests() {
        return Stream.of(
                Arguments.of("a: [\n", "bad.yaml: document 1: unreadable YAML"),
                Arguments.of(ICSP_1 + "---\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: x}\n",
                        "bad.yaml: document 2: kind: v1/ConfigMap is not a mirror policy"),
                Arguments.of("apiVersion: config.openshift.io/v1alpha1\nkind: ImageDigestMirrorSet\nmetadata: {name: x}\n",
                        "bad.yaml: document 1: apiVersion: config.openshift.io/v1alpha1 is not served for ImageDigestMirrorSet"),
                Arguments.of(IDMS.replace("mirrors: [m.local/ocp]", "mirrors: [\"m.local/ocp@sha256:" + "a".repeat(64) + "\"]"),
                        "bad.yaml: document 1: ImageDigestMirrorSet/idms: spec.imageDigestMirrors[0].mirrors[0]"),
                Arguments.of(IDMS.replace("mirrors: [m.local/ocp]", "mirrors: m.local/ocp"),
                        "bad.yaml: document 1: ImageDigestMirrorSet/idms: spec.imageDigestMirrors[0].mirrors"),
                Arguments.of("- just\n- a list\n", "bad.yaml: document 1: not an object"));
    }

    @ParameterizedTest(name = "When the manifest is bad ({1}), it should exit 2 with one line naming it")
    @MethodSource("badManifests")
    void whenAManifestIsBadItShouldExit2WithOneLine(String content, String expected) throws IOException {
        Path bad = write("bad.yaml", content);
        CliRun run = CliRun.of("overrides", "from-manifests", bad.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).startsWith("hypershift-operator: error: ").contains(expected).doesNotContain("\n")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void whenAPolicyInADirectoryHasAnApiVersionThatIsNotServedItShouldExit2InsteadOfSkippingIt() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(sub.resolve("idms.yaml"), IDMS.replace("config.openshift.io/v1", "config.openshift.io/v1alpha1"));
        Files.writeString(sub.resolve("other.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        CliRun run = CliRun.of("overrides", "from-manifests", sub.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().filter(l -> l.startsWith("hypershift-operator: error: "))).containsExactly(
                "hypershift-operator: error: " + sub.resolve("idms.yaml") + ": document 1: apiVersion: "
                        + "config.openshift.io/v1alpha1 is not served for ImageDigestMirrorSet (want config.openshift.io/v1)");
    }

    @Test
    void whenAFileIsMissingItShouldSaySo() {
        CliRun run = CliRun.of("overrides", "from-manifests", dir.resolve("nope.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nope.yaml: no such file");
    }

    @Test
    void whenParsingItShouldPrintJsonAndWarnAboutEverySkippedPiece() {
        CliRun run = CliRun.of("overrides", "parse", "registry1=mirror1.1,registry1=mirror1.2,junk,registry2=mirror2.1,=x");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualToIgnoringWhitespace(
                "{\"registry1\":[\"mirror1.1\",\"mirror1.2\"],\"registry2\":[\"mirror2.1\"]}");
        assertThat(run.err().lines()).containsExactly(
                "warning: skipped: piece 3 \"junk\" has no '='; skipped",
                "warning: skipped: piece 5 \"=x\" has an empty source; skipped");
    }

    @Test
    void whenAnEntryIsNotAReferenceTheStringToolsShouldKeepItAndSaySo() {
        CliRun parse = CliRun.of("overrides", "parse", "quay.io/UPPER=m.local/x,quay.io/ok=m.local/x:tag");
        assertThat(parse.exitCode()).isZero();
        assertThat(parse.out()).isEqualToIgnoringWhitespace(
                "{\"quay.io/UPPER\":[\"m.local/x\"],\"quay.io/ok\":[\"m.local/x:tag\"]}");
        assertThat(parse.err().lines()).hasSize(2).allSatisfy(l -> assertThat(l)
                .startsWith("warning: kept, but not a valid reference: "));
        assertThat(parse.err()).contains("source \"quay.io/UPPER\"").contains("mirror of quay.io/ok \"m.local/x:tag\"");
        CliRun rewrite = CliRun.of("overrides", "rewrite", "--registry-overrides", "quay.io/a=*.m.local", "quay.io/a/b");
        assertThat(rewrite.exitCode()).isZero();
        assertThat(rewrite.err()).startsWith("warning: --registry-overrides: kept, but not a valid reference: "
                + "target of quay.io/a \"*.m.local\"");
    }

    @Test
    void whenResolvingItShouldListMirrorsThenTheImage() {
        CliRun run = CliRun.of("overrides", "resolve", "--overrides",
                "quay.io=broad.local,quay.io/openshift-release-dev=n1.local/ocp,quay.io/openshift-release-dev=n2.local/ocp",
                "quay.io/openshift-release-dev/ocp-release@" + SHA);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "n1.local/ocp/ocp-release@" + SHA,
                "n2.local/ocp/ocp-release@" + SHA,
                "quay.io/openshift-release-dev/ocp-release@" + SHA);
    }

    @Test
    void whenResolvingThroughNeverContactSourceItShouldLeaveOutTheImage() throws IOException {
        Path idms = write("idms.yaml", IDMS);
        CliRun run = CliRun.of("overrides", "resolve", "--mirror-config", idms.toString(),
                "quay.io/openshift-release-dev/ocp-release:4.16.0");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly("m.local/ocp/ocp-release:4.16.0");
    }

    @Test
    void whenRewritingItShouldUseTheLongestSource() {
        CliRun run = CliRun.of("overrides", "rewrite", "--registry-overrides",
                "quay.io=broad,quay.io/openshift-release-dev=narrow/m", "quay.io/openshift-release-dev/ocp-release@sha256:" + "a".repeat(64));
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("narrow/m/ocp-release@sha256:" + "a".repeat(64));
    }

    @Test
    void whenTheImageIsInvalidItShouldExit2() {
        CliRun run = CliRun.of("overrides", "rewrite", "--registry-overrides", "quay.io=m", "quay.io/Bad");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo(
                "hypershift-operator: error: invalid image reference \"quay.io/Bad\": repository names must be lowercase");
        CliRun resolve = CliRun.of("overrides", "resolve", "--overrides", "=", "quay.io/a@sha256:12");
        assertThat(resolve.exitCode()).isEqualTo(2);
        assertThat(resolve.err()).contains("invalid digest");
    }

    @Test
    void whenTheExamplesAreReadItShouldSucceed() {
        Path examples = Path.of("..", "examples");
        CliRun run = CliRun.of("overrides", "from-manifests", examples.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("quay.io/openshift-release-dev/ocp-release=mirror.example.com:8443/openshift/release-images");
    }

    static Stream<Arguments> emptyInputs() {
        return Stream.of(Arguments.of("an empty file", ""), Arguments.of("a lone document marker", "---\n"),
                Arguments.of("a lone BOM", "\uFEFF"), Arguments.of("a directory without manifests", null));
    }

    @ParameterizedTest(name = "When from-manifests reads {0}, it should exit 2 unless --allow-empty")
    @MethodSource("emptyInputs")
    void whenTheInputHoldsNoPolicy_fromManifestsShouldFailUnlessAllowEmpty(String what, String content)
            throws IOException {
        Path input = content == null ? Files.createDirectories(dir.resolve("empty-dir"))
                : Files.writeString(dir.resolve("empty.yaml"), content);
        CliRun run = CliRun.of("overrides", "from-manifests", input.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(input + ": no ImageContentSourcePolicy, ImageDigestMirrorSet or ImageTagMirrorSet");
        CliRun allowed = CliRun.of("overrides", "from-manifests", "--allow-empty", input.toString());
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        CliRun lint = CliRun.of("mirror-policy", "lint", input.toString());
        assertThat(lint.exitCode()).as("lint agrees: " + lint.err()).isEqualTo(2);
    }
}
