package io.hypershift.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MirrorPolicyCommandTest {
    static final Path FIXTURES = Path.of("..", "support", "src", "test", "resources", "fixtures", "mirrorpolicy");
    static final Path GOLDEN = FIXTURES.resolve("golden");
    static final String V1 = FIXTURES.resolve("oc-mirror-v1/oc-mirror-workspace").toString();
    static final String V2_RUN_1 = FIXTURES.resolve("oc-mirror-v2/run-1/working-dir").toString();
    static final String V2_RUN_2 = FIXTURES.resolve("oc-mirror-v2/run-2/working-dir").toString();
    static final String ISC = FIXTURES.resolve("imageset-config.yaml").toString();

    @TempDir
    Path dir;

    private static String golden(String name) throws IOException {
        return Files.readString(GOLDEN.resolve(name));
    }

    private static void assertOneLineError(CliRun run, String expected) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("hypershift-operator: error: ").contains(expected).doesNotContain("\n")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void whenMergingAnOcMirrorV1WorkspaceItShouldPrintTheGoldenIdmsAndSayWhatItRead() throws IOException {
        CliRun run = CliRun.of("mirror-policy", "merge", V1);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(golden("merge-v1-idms.yaml"));
        assertThat(run.err().lines()).containsExactly(
                "input: " + V1 + "/results-1718000000: oc-mirror v1 results: 3 ImageContentSourcePolicy; also 1 "
                        + "CatalogSource, 1 UpdateService (not mirror policies, ignored)",
                "input: " + V1 + "/results-1718600000: oc-mirror v1 results: 2 ImageContentSourcePolicy; also 1 "
                        + "CatalogSource (not mirror policies, ignored)",
                "merged 5 objects from 2 inputs into 7 digest sources and 0 tag sources; 3 repeated mirrors folded");
    }

    static Stream<Arguments> merges() {
        return Stream.of(
                Arguments.of("merge-v1-icsp.yaml", new String[] {"--output-kind", "icsp", V1}),
                Arguments.of("merge-v2.yaml", new String[] {V2_RUN_1, V2_RUN_2}),
                Arguments.of("merge-v1-then-v2.yaml", new String[] {"--name", "disconnected-mirrors", V1, V2_RUN_1, V2_RUN_2}));
    }

    @ParameterizedTest(name = "When merging into {0}, it should print the golden bytes, twice the same")
    @MethodSource("merges")
    void whenMergingItShouldPrintTheGoldenBytes(String golden, String[] args) throws IOException {
        String[] full = Stream.concat(Stream.of("mirror-policy", "merge"), Stream.of(args)).toArray(String[]::new);
        CliRun first = CliRun.of(full);
        CliRun second = CliRun.of(full);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo(golden(golden));
        assertThat(second.out()).isEqualTo(first.out());
    }

    @Test
    void whenASourceIsAYamlAlias_fromManifestsMergeAndLintShouldAllReadTheAnchoredValue() throws IOException {
        Path aliased = Files.writeString(dir.resolve("aliased.yaml"), """
                apiVersion: config.openshift.io/v1
                kind: ImageDigestMirrorSet
                metadata: {name: aliased}
                spec:
                  imageDigestMirrors:
                  - source: &src quay.io/openshift-release-dev/ocp-release
                    mirrors: [mirror.local/ocp/release]
                  - source: *src
                    mirrors: [other.example.com/ocp/release]
                """);
        CliRun overrides = CliRun.of("overrides", "from-manifests", aliased.toString());
        assertThat(overrides.exitCode()).as(overrides.err()).isZero();
        assertThat(overrides.out()).contains("quay.io/openshift-release-dev/ocp-release=other.example.com/ocp/release")
                .doesNotContain("src=");
        CliRun merge = CliRun.of("mirror-policy", "merge", aliased.toString());
        assertThat(merge.exitCode()).as(merge.err()).isZero();
        assertThat(merge.out()).contains("source: quay.io/openshift-release-dev/ocp-release")
                .doesNotContain("source: src");
        CliRun lint = CliRun.of("mirror-policy", "lint", aliased.toString());
        assertThat(lint.out() + lint.err()).doesNotContain("\"src\"");
        Path dangling = Files.writeString(dir.resolve("dangling.yaml"), Files.readString(aliased)
                .replace("&src ", ""));
        for (String[] cmd : List.of(new String[] {"overrides", "from-manifests"}, new String[] {"mirror-policy", "merge"},
                new String[] {"mirror-policy", "lint"})) {
            assertOneLineError(CliRun.of(cmd[0], cmd[1], dangling.toString()),
                    dangling + ": document 1: unreadable YAML: found undefined alias src (line 8");
        }
    }

    @Test
    void whenASubdirectoryCannotBeRead_everyFileReadingCommandShouldExit2WithOneLine() throws IOException {
        // root reads any directory: the case exists only for other users (CI), so it is skipped as root
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "running as root: no directory is unreadable");
        Path top = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(top.resolve("a.yaml"), "apiVersion: config.openshift.io/v1\nkind: ImageDigestMirrorSet\n"
                + "metadata: {name: a}\nspec:\n  imageDigestMirrors:\n  - {source: quay.io/a, mirrors: [m.local/a]}\n");
        Path locked = Files.createDirectories(top.resolve("locked/deeper"));
        Files.setPosixFilePermissions(locked.getParent(), java.util.Set.of());
        try {
            for (String[] cmd : List.of(new String[] {"overrides", "from-manifests"},
                    new String[] {"mirror-policy", "merge"}, new String[] {"mirror-policy", "lint"})) {
                assertOneLineError(CliRun.of(cmd[0], cmd[1], top.toString()), "cannot read");
            }
        } finally {
            Files.setPosixFilePermissions(locked.getParent(),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void whenMergeInputIsBadItShouldExit2WithOneLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: config.openshift.io/v1
                kind: ImageDigestMirrorSet
                metadata: {name: bad}
                spec:
                  imageDigestMirrors:
                  - {source: "quay.io/ns/repo:latest", mirrors: [m.local/repo]}
                """);
        assertOneLineError(CliRun.of("mirror-policy", "merge", bad.toString()),
                bad + ": document 1: ImageDigestMirrorSet/bad: spec.imageDigestMirrors[0].source: source \"quay.io/ns/repo:latest\" has a tag");
        assertOneLineError(CliRun.of("mirror-policy", "merge", dir.resolve("missing").toString()),
                dir.resolve("missing") + ": no such file or directory");
        assertOneLineError(CliRun.of("mirror-policy", "merge", "--name", "Bad_Name", V1), "--name: \"Bad_Name\" is not a valid object name");
        CliRun kind = CliRun.of("mirror-policy", "merge", "--output-kind", "itms", V1);
        assertThat(kind.exitCode()).isEqualTo(2);
        assertThat(kind.err()).contains("--output-kind", "icsp, idms");
        assertThat(CliRun.of("mirror-policy").exitCode()).isEqualTo(2);
    }

    @Test
    void whenConvertingItShouldPrintTheIdmsAsOcAdmMigrateIcspDoes() throws IOException {
        CliRun run = CliRun.of("mirror-policy", "convert", "--to", "idms", V1 + "/results-1718000000/imageContentSourcePolicy.yaml");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(golden("convert-v1-run1.yaml"));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void whenConvertIsMisusedItShouldExit2() {
        assertThat(CliRun.of("mirror-policy", "convert", V1).exitCode()).isEqualTo(2);
        assertThat(CliRun.of("mirror-policy", "convert", "--to", "itms", V1).exitCode()).isEqualTo(2);
        assertOneLineError(CliRun.of("mirror-policy", "convert", "--to", "idms", V2_RUN_1),
                "ImageDigestMirrorSet/idms-operator-0: kind: ImageDigestMirrorSet needs no conversion");
    }

    @Test
    void whenLintingTheRawV1RunsItShouldReportTheCollisionAndTheCatalogAndExit1() {
        CliRun run = CliRun.of("mirror-policy", "lint", "--image-set-config", ISC, V1);
        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("warning[name-collision] " + V1 + "/results-1718600000/imageContentSourcePolicy.yaml: "
                        + "document 1: ImageContentSourcePolicy/operator-0: metadata.name: ",
                "error[catalog-not-covered] " + ISC + ": document 1: ImageSetConfiguration: mirror.operators[0].catalog: ",
                "  fix: add an entry: source: registry.redhat.io/redhat/redhat-operator-index, mirrors: "
                        + "[mirror.example.com:8443/redhat/redhat-operator-index]",
                "warning[tag-image-not-covered] " + ISC + ": document 1: ImageSetConfiguration: "
                        + "mirror.additionalImages[0].name: additional image registry.redhat.io/ubi9/ubi:latest is named by tag")
                .endsWith("1 error, 5 warnings\n");
    }

    @Test
    void whenOnlyWarningsAreFoundItShouldExit0() {
        CliRun run = CliRun.of("mirror-policy", "lint", V1);
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).endsWith("0 errors, 4 warnings\n");
    }

    @Test
    void whenAskedForJsonItShouldPrintTheFindingsAsJson() throws IOException {
        CliRun run = CliRun.of("mirror-policy", "lint", "--output", "json", "--image-set-config", ISC,
                GOLDEN.resolve("merge-v1-idms.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("errors").asInt()).isEqualTo(1);
        assertThat(json.path("warnings").asInt()).isEqualTo(1);
        assertThat(json.path("findings").path(0).path("rule").asText()).isEqualTo("catalog-not-covered");
        assertThat(json.path("findings").path(1).path("rule").asText()).isEqualTo("tag-image-not-covered");
        assertThat(json.path("findings").path(0).path("entry").asText()).isEqualTo("mirror.operators[0].catalog");
    }

    @Test
    void whenLintInputIsUnreadableItShouldExit2WithOneLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "spec: [\n");
        assertOneLineError(CliRun.of("mirror-policy", "lint", bad.toString()), bad + ": document 1: unreadable YAML");
        Path notIsc = Files.writeString(dir.resolve("isc.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        assertOneLineError(CliRun.of("mirror-policy", "lint", "--image-set-config", notIsc.toString(), V1),
                notIsc + ": document 1: kind: ConfigMap is not an ImageSetConfiguration");
        Path oldIsc = Files.writeString(dir.resolve("old.yaml"), "apiVersion: mirror.openshift.io/v1alpha1\nkind: ImageSetConfiguration\n");
        assertOneLineError(CliRun.of("mirror-policy", "lint", "--image-set-config", oldIsc.toString(), V1),
                "apiVersion: mirror.openshift.io/v1alpha1 is not read for ImageSetConfiguration");
    }

    /** The README's walkthrough: merge the runs, lint against the ImageSetConfiguration, fix, check the overrides. */
    @Test
    void whenFollowingTheWalkthroughEachStepShouldDoWhatTheReadmeSays() throws IOException {
        CliRun merge = CliRun.of("mirror-policy", "merge", V1);
        assertThat(merge.exitCode()).isZero();
        Path merged = Files.writeString(dir.resolve("mirror-policy.yaml"), merge.out());

        CliRun lint = CliRun.of("mirror-policy", "lint", "--image-set-config", ISC, merged.toString());
        assertThat(lint.exitCode()).isEqualTo(1);
        assertThat(lint.out()).contains("error[catalog-not-covered]");

        Path catalogs = FIXTURES.resolve("catalog-idms.yaml");
        CliRun fixed = CliRun.of("mirror-policy", "lint", "--image-set-config", ISC, merged.toString(), catalogs.toString());
        assertThat(fixed.exitCode()).as(fixed.out()).isZero();
        // oc-mirror v1 writes no ImageTagMirrorSet: the image mirrored by tag is only a warning
        assertThat(fixed.out()).doesNotContain("error[").contains("warning[tag-image-not-covered]")
                .endsWith("0 errors, 1 warning\n");

        CliRun overrides = CliRun.of("overrides", "from-manifests", merged.toString(), catalogs.toString());
        assertThat(overrides.exitCode()).as(overrides.err()).isZero();
        assertThat(overrides.out().strip()).isEqualTo(String.join(",",
                "quay.io/openshift-release-dev/ocp-release=mirror.example.com:8443/openshift/release-images",
                "quay.io/openshift-release-dev/ocp-v4.0-art-dev=mirror.example.com:8443/openshift/release",
                "registry.redhat.io/multicluster-engine=mirror.example.com:8443/multicluster-engine",
                "registry.redhat.io/odf4=mirror.example.com:8443/odf4",
                "registry.redhat.io/openshift4=mirror.example.com:8443/openshift4",
                "registry.redhat.io/redhat=mirror.example.com:8443/redhat",
                "registry.redhat.io/rhel9=mirror.example.com:8443/rhel9",
                "registry.redhat.io/ubi9=mirror.example.com:8443/ubi9"));
    }
}
