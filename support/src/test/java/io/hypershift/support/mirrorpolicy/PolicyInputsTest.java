package io.hypershift.support.mirrorpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.manifests.ManifestDocument;
import io.hypershift.support.manifests.ManifestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyInputsTest {
    static final Path V1 = GoldenFiles.FIXTURES.resolve("oc-mirror-v1/oc-mirror-workspace");
    static final Path V2_RUN_1 = GoldenFiles.FIXTURES.resolve("oc-mirror-v2/run-1/working-dir");
    static final Path V2_RUN_2 = GoldenFiles.FIXTURES.resolve("oc-mirror-v2/run-2/working-dir");

    @TempDir
    Path dir;

    private static List<String> names(PolicyInput in) {
        return in.policies().stream().map(p -> p.kind().kind() + "/" + p.name()).toList();
    }

    @Test
    void whenGivenAnOcMirrorV1WorkspaceItShouldReadEachResultsDirectoryAsARunOldestFirst() {
        List<PolicyInput> inputs = PolicyInputs.read(List.of(V1));
        assertThat(inputs).extracting(i -> i.path().getFileName().toString())
                .containsExactly("results-1718000000", "results-1718600000");
        assertThat(inputs).allMatch(i -> i.layout() == PolicyInput.Layout.OC_MIRROR_V1_RESULTS);
        assertThat(names(inputs.get(0))).containsExactly("ImageContentSourcePolicy/generic-0",
                "ImageContentSourcePolicy/operator-0", "ImageContentSourcePolicy/release-0");
        assertThat(names(inputs.get(1))).containsExactly("ImageContentSourcePolicy/operator-0",
                "ImageContentSourcePolicy/release-0");
        // the CatalogSource and UpdateService are kept aside; mapping.txt and release-signatures/*.json are not read
        assertThat(inputs.get(0).others()).extracting(ManifestDocument::kind).containsExactly("CatalogSource", "UpdateService");
        assertThat(inputs.get(0).describe()).endsWith("results-1718000000: oc-mirror v1 results: 3 ImageContentSourcePolicy; "
                + "also 1 CatalogSource, 1 UpdateService (not mirror policies, ignored)");
    }

    @Test
    void whenGivenAnOcMirrorV2WorkingDirItShouldReadItsClusterResourcesYamlOnly() {
        List<PolicyInput> inputs = PolicyInputs.read(List.of(V2_RUN_1));
        assertThat(inputs).hasSize(1);
        PolicyInput in = inputs.get(0);
        assertThat(in.layout()).isEqualTo(PolicyInput.Layout.OC_MIRROR_V2_CLUSTER_RESOURCES);
        assertThat(in.path().getFileName().toString()).isEqualTo("cluster-resources");
        assertThat(names(in)).containsExactly("ImageDigestMirrorSet/idms-operator-0",
                "ImageDigestMirrorSet/idms-release-0", "ImageTagMirrorSet/itms-generic-0");
        // signature-configmap.json repeats signature-configmap.yaml and is not read a second time
        assertThat(in.others()).extracting(ManifestDocument::kind).containsExactly("ClusterCatalog", "CatalogSource", "ConfigMap");
        assertThat(PolicyInputs.read(List.of(V2_RUN_1.resolve("cluster-resources")))).singleElement()
                .satisfies(i -> assertThat(names(i)).isEqualTo(names(in)));
    }

    @Test
    void whenGivenTheDirectoryOcMirrorRanInItShouldReadItsWorkspaceAsIfGivenThat() {
        // oc-mirror v1 writes oc-mirror-workspace/ into the directory it runs in; v2 writes working-dir/ into --workspace
        List<PolicyInput> v1 = PolicyInputs.read(List.of(V1.getParent()));
        assertThat(v1).extracting(i -> i.path().getFileName().toString())
                .containsExactly("results-1718000000", "results-1718600000");
        assertThat(v1).allMatch(i -> i.layout() == PolicyInput.Layout.OC_MIRROR_V1_RESULTS);
        List<PolicyInput> v2 = PolicyInputs.read(List.of(V2_RUN_1.getParent()));
        assertThat(v2).singleElement().satisfies(i -> {
            assertThat(i.layout()).isEqualTo(PolicyInput.Layout.OC_MIRROR_V2_CLUSTER_RESOURCES);
            assertThat(i.path()).isEqualTo(V2_RUN_1.resolve("cluster-resources"));
        });
    }

    @Test
    void whenResultsDirectoriesHaveTimestampsOfDifferentLengthsItShouldOrderThemByNumber() throws IOException {
        for (String run : List.of("results-999", "results-1000", "results-20", "results-latest")) {
            Files.createDirectories(dir.resolve(run));
            Files.writeString(dir.resolve(run).resolve("imageContentSourcePolicy.yaml"), icsp(run, "quay.io", "m.local/" + run.replace("results-", "r")));
        }
        assertThat(PolicyInputs.read(List.of(dir))).extracting(i -> i.path().getFileName().toString())
                .containsExactly("results-20", "results-999", "results-1000", "results-latest");
    }

    @Test
    void whenGivenFilesAndPlainDirectoriesItShouldKeepArgumentOrder() throws IOException {
        Path plain = Files.createDirectories(dir.resolve("plain/nested"));
        Files.writeString(plain.resolve("b.yaml"), icsp("b", "quay.io", "m.local/b"));
        Files.writeString(dir.resolve("plain/a.json"), "{\"apiVersion\":\"operator.openshift.io/v1alpha1\","
                + "\"kind\":\"ImageContentSourcePolicy\",\"metadata\":{\"name\":\"a\"},\"spec\":{}}");
        Path file = Files.writeString(dir.resolve("z.yaml"), icsp("z", "quay.io", "m.local/z"));
        List<PolicyInput> inputs = PolicyInputs.read(List.of(file, dir.resolve("plain")));
        assertThat(inputs).extracting(PolicyInput::layout)
                .containsExactly(PolicyInput.Layout.FILE, PolicyInput.Layout.DIRECTORY);
        assertThat(PolicyInputs.policies(inputs)).extracting(PolicyObject::name).containsExactly("z", "a", "b");
    }

    @Test
    void whenAPolicyKindHasAnotherApiVersionItShouldBeAnErrorNamingTheDocument() throws IOException {
        Path f = Files.writeString(dir.resolve("x.yaml"), icsp("a", "quay.io", "m.local") + "---\n"
                + "apiVersion: config.openshift.io/v1alpha1\nkind: ImageDigestMirrorSet\nmetadata: {name: b}\n");
        assertThatThrownBy(() -> PolicyInputs.read(List.of(f))).isInstanceOf(ManifestException.class)
                .hasMessage(f + ": document 2: apiVersion: config.openshift.io/v1alpha1 is not served for "
                        + "ImageDigestMirrorSet (want config.openshift.io/v1)");
    }

    @Test
    void whenAPathDoesNotExistItShouldSaySo() {
        assertThatThrownBy(() -> PolicyInputs.read(List.of(dir.resolve("nope"))))
                .isInstanceOf(ManifestException.class).hasMessage(dir.resolve("nope") + ": no such file or directory");
    }

    static String icsp(String name, String source, String... mirrors) {
        return """
                apiVersion: operator.openshift.io/v1alpha1
                kind: ImageContentSourcePolicy
                metadata:
                  name: %s
                spec:
                  repositoryDigestMirrors:
                  - source: %s
                    mirrors: [%s]
                """.formatted(name, source, String.join(", ", mirrors));
    }

    @Test
    void whenGivenADeviceThatNeverEnds_itShouldStopAtTheSizeLimitRatherThanCallItMissing() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/dev/zero")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PolicyInputs.read(
                        java.util.List.of(java.nio.file.Path.of("/dev/zero"))))
                .isInstanceOf(io.hypershift.support.manifests.ManifestException.class)
                .hasMessage("/dev/zero: more than 3 MiB; a manifest file this large is refused unread");
    }
}
