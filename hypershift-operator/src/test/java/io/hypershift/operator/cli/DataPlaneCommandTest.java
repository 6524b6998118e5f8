package io.hypershift.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.api.Annotations;
import io.hypershift.operator.components.hostedcontrolplane.HostedControlPlaneComponent;
import io.hypershift.operator.manifests.ManagementManifests;
import io.hypershift.support.dataplane.DataPlaneMirrors;
import io.hypershift.support.dataplane.NodeRegistries;
import io.hypershift.support.dataplane.RegistriesConf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPlaneCommandTest {
    static final String D = "sha256:" + "0123456789abcdef".repeat(4);
    static final String EXAMPLE = Path.of("..", "examples", "hostedcluster.yaml").toString();

    @TempDir
    Path dir;

    /** A HostedCluster with these imageContentSources lines and NeverContactSource annotation value. */
    Path hostedCluster(String neverContact, String... sourcesYaml) throws IOException {
        StringBuilder b = new StringBuilder("""
                apiVersion: hypershift.openshift.io/v1beta1
                kind: HostedCluster
                metadata:
                  name: example
                  namespace: clusters
                """);
        if (neverContact != null) {
            b.append("  annotations:\n    ").append(Annotations.IMAGE_CONTENT_SOURCES_NEVER_CONTACT_SOURCE).append(": \"")
                    .append(neverContact).append("\"\n");
        }
        b.append("spec:\n  release:\n    image: quay.io/ocp/release@").append(D).append("\n")
                .append("  pullSecret:\n    name: pull-secret\n  imageContentSources:\n");
        for (String s : sourcesYaml) {
            b.append(s).append('\n');
        }
        Path file = dir.resolve("hc-" + System.nanoTime() + ".yaml");
        Files.writeString(file, b.toString());
        return file;
    }

    static String source(String source, String... mirrors) {
        StringBuilder b = new StringBuilder("  - source: " + source + "\n    mirrors:");
        if (mirrors.length == 0) {
            b.append(" []");
        }
        for (String m : mirrors) {
            b.append("\n    - ").append(m);
        }
        return b.toString();
    }

    @Test
    void whenTheExampleIsPrinted_itShouldBeTheFileTheIgnitionServerRendersForTheOperatorsHostedControlPlane() {
        CliRun run = CliRun.of("dataplane", "registries-conf", "--hosted-cluster", EXAMPLE);
        assertThat(run.exitCode()).as(run.err()).isZero();
        String expected = RegistriesConf.render(DataPlaneMirrors.of(
                HostedControlPlaneComponent.build(ManagementManifests.readHostedCluster(Path.of(EXAMPLE)))));
        assertThat(run.out()).isEqualTo(expected);
        assertThat(NodeRegistries.parse(run.out()).registries()).extracting(NodeRegistries.Registry::prefix)
                .containsExactly("quay.io/openshift-release-dev/ocp-release", "quay.io/openshift-release-dev/ocp-v4.0-art-dev");
    }

    @Test
    void whenTheNeverContactAnnotationNamesASourceWithoutMirrors_theFileShouldBlockIt() throws IOException {
        Path hc = hostedCluster("quay.io/air", source("quay.io/air"), source("quay.io/ocp", "mirror.example.com/ocp"));
        CliRun run = CliRun.of("dataplane", "registries-conf", "--hosted-cluster", hc.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(NodeRegistries.parse(run.out()).find("quay.io/air/x")).hasValueSatisfying(r -> {
            assertThat(r.blocked()).isTrue();
            assertThat(r.mirrors()).isEmpty();
        });
    }

    @Test
    void whenTheNodeCanPull_resolveShouldPrintWhatOverridesResolvePrintsForTheSameRules() throws IOException {
        Path hc = hostedCluster(null, source("quay.io/ocp", "mirror.example.com/ocp", "backup.example.com/ocp"));
        String image = "quay.io/ocp/release@" + D;
        CliRun data = CliRun.of("dataplane", "resolve", "--hosted-cluster", hc.toString(), image);
        CliRun control = CliRun.of("overrides", "resolve", "--overrides",
                "quay.io/ocp=mirror.example.com/ocp,quay.io/ocp=backup.example.com/ocp", image);
        assertThat(data.exitCode()).as(data.err()).isZero();
        assertThat(data.err()).isEmpty();
        assertThat(data.out()).isEqualTo(control.out()).isEqualTo(
                "mirror.example.com/ocp/release@" + D + "\nbackup.example.com/ocp/release@" + D + "\n" + image + "\n");
    }

    @Test
    void whenATagIsPulledThroughANeverContactSource_resolveShouldPrintNothingAndOneLineSayingWhy() throws IOException {
        Path hc = hostedCluster("quay.io/ocp", source("quay.io/ocp", "mirror.example.com/ocp"));
        CliRun run = CliRun.of("dataplane", "resolve", "--hosted-cluster", hc.toString(), "quay.io/ocp/release:4.18");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().asString()
                .contains("quay.io/ocp/release:4.18").contains("registry quay.io/ocp is blocked");
    }

    @Test
    void whenAMirrorHasNoHost_resolveShouldSayTheNodesPullFailsAsNotCanonical() throws IOException {
        Path hc = hostedCluster(null, source("quay.io/ocp", "mirror/art-dev"));
        CliRun run = CliRun.of("dataplane", "resolve", "--hosted-cluster", hc.toString(), "quay.io/ocp/x@" + D);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().asString()
                .contains("rewriting reference: repository name must be canonical");
    }

    @Test
    void whenSeveralImagesAreResolved_theirListsShouldBeSeparatedAndSkippedMirrorsNoted() throws IOException {
        Path hc = hostedCluster("registry.example.com",
                source("registry.example.com", "registry.example.com/mirror", "other.example.com/mirror"));
        CliRun run = CliRun.of("dataplane", "resolve", "--hosted-cluster", hc.toString(),
                "registry.example.com/a@" + D, "quay.io/b:1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("other.example.com/mirror/a@" + D + "\n\nquay.io/b:1\n");
        assertThat(Stream.of(run.err().split("\n")).filter(l -> l.startsWith("note: ")).toList())
                .hasSize(2).allSatisfy(l -> assertThat(l).contains("registry.example.com is blocked"));
    }

    @Test
    void whenTheManifestIsNotAHostedCluster_itShouldExitWithTwo() throws IOException {
        Path file = dir.resolve("x.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        CliRun run = CliRun.of("dataplane", "resolve", "--hosted-cluster", file.toString(), "quay.io/x:1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("want exactly one HostedCluster");
        assertThat(List.of(run.out())).containsExactly("");
    }

    @Test
    void whenTheHostedClusterHasDataPlaneTagMirrors_resolveShouldFollowThemForTagsOnlyAndRenderShouldWriteAnItms()
            throws IOException {
        Path hc = hostedCluster(null, source("quay.io/ocp", "mirror.example.com/ocp"));
        String yaml = Files.readString(hc).replace("  name: example\n", "  name: example\n  annotations:\n    "
                + Annotations.IMAGE_TAG_MIRRORS + ": \"quay.io/ocp=tags.example.com/ocp\"\n");
        Files.writeString(hc, yaml);
        CliRun tag = CliRun.of("dataplane", "resolve", "--hosted-cluster", hc.toString(), "quay.io/ocp/release:4.18");
        assertThat(tag.exitCode()).as(tag.err()).isZero();
        assertThat(tag.out()).isEqualTo("tags.example.com/ocp/release:4.18\nquay.io/ocp/release:4.18\n");
        CliRun digest = CliRun.of("dataplane", "resolve", "--hosted-cluster", hc.toString(), "quay.io/ocp/release@" + D);
        assertThat(digest.out()).isEqualTo("mirror.example.com/ocp/release@" + D + "\nquay.io/ocp/release@" + D + "\n");

        CliRun conf = CliRun.of("dataplane", "registries-conf", "--hosted-cluster", hc.toString());
        assertThat(conf.out()).contains("location = \"tags.example.com/ocp\"\n    pull-from-mirror = \"tag-only\"");
        Path out = dir.resolve("dp");
        CliRun render = CliRun.of("render", "--hosted-cluster", hc.toString(), "--release-image-info",
                Path.of("..", "examples", "release-info.json").toString(), "--data-plane-dir", out.toString());
        assertThat(Files.readString(out.resolve("image-tag-mirror-set.yaml"))).contains("kind: ImageTagMirrorSet")
                .contains("tags.example.com/ocp");
        assertThat(render.err()).contains("image-tag-mirror-set.yaml");
    }
}
