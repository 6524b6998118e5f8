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

class RenderCommandTest {
    static final String EX = Path.of("..", "examples").toString();
    static final String CREDENTIAL = "ZXhhbXBsZTpub3QtYS1yZWFsLXBhc3N3b3Jk";

    static String[] args(String... extra) {
        String[] base = {"render", "--hosted-cluster", EX + "/hostedcluster.yaml", "--management-manifests", EX,
            "--pull-secret", EX + "/pull-secret.json", "--release-image-info", EX + "/release-info.json"};
        return Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new);
    }

    @Test
    void whenTheExampleIsRenderedItShouldPrintOneYamlDocumentPerObjectWithTheCredentialRedacted() {
        CliRun run = CliRun.of(args());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().split("(?m)^---$")).hasSize(15);
        assertThat(run.out()).contains("name: control-plane-operator\n  namespace: clusters-example")
                .contains("name: ignition-server\n  namespace: clusters-example")
                .doesNotContain(CREDENTIAL)
                .contains("hypershift.openshift.io/render-redacted");
        assertThat(run.err()).contains("not a mirror policy; skipped");
    }

    static String pullSecretCopy(JsonNode list) {
        for (JsonNode item : list.path("items")) {
            if (item.path("kind").asText().equals("Secret") && item.path("metadata").path("name").asText().equals("pull-secret")) {
                return new String(java.util.Base64.getDecoder().decode(item.path("data").path(".dockerconfigjson").asText()));
            }
        }
        throw new AssertionError("no pull-secret copy rendered");
    }

    @Test
    void whenSecretsAreNotAskedForThePullSecretCopyShouldKeepOnlyTheRegistryNames() throws IOException {
        CliRun run = CliRun.of(args("--output", "json"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode list = new ObjectMapper().readTree(run.out());
        assertThat(pullSecretCopy(list)).isEqualTo("{\"auths\":{\"mirror.example.com:8443\":{\"auth\":\"REDACTED\"}}}");
        assertThat(list.findValues("tls.key")).singleElement().satisfies(v -> assertThat(v.asText()).isEmpty());
    }

    @Test
    void whenJsonIsAskedItShouldPrintAListAndShowSecretsShouldRevealTheCredential() throws IOException {
        CliRun run = CliRun.of(args("--output", "json", "--show-secrets"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode list = new ObjectMapper().readTree(run.out());
        assertThat(list.path("kind").asText()).isEqualTo("List");
        assertThat(list.path("items")).hasSize(14);
        assertThat(pullSecretCopy(list)).contains(CREDENTIAL);
        assertThat(list.findValues("tls.crt")).singleElement().satisfies(v -> assertThat(v.asText()).isNotEmpty());
    }

    static Stream<Arguments> badInput(@TempDir Path dir) throws IOException {
        Path noNs = Files.writeString(dir.resolve("no-ns.yaml"), """
                apiVersion: hypershift.openshift.io/v1beta1
                kind: HostedCluster
                metadata: {name: x}
                spec: {release: {image: quay.io/a/b:1}, pullSecret: {name: p}}
                """);
        Path badIdms = Files.writeString(dir.resolve("bad-idms.yaml"), """
                apiVersion: config.openshift.io/v1
                kind: ImageDigestMirrorSet
                metadata: {name: broken}
                spec: {imageDigestMirrors: [{source: "quay.io/Bad Source", mirrors: [m.local/x]}]}
                """);
        Path badSecret = Files.writeString(dir.resolve("secret.json"), "not json");
        return Stream.of(
                Arguments.of("the HostedCluster file does not exist",
                        new String[] {"render", "--hosted-cluster", dir.resolve("nope.yaml").toString()}, "no such file"),
                Arguments.of("the HostedCluster has no namespace",
                        new String[] {"render", "--hosted-cluster", noNs.toString()}, "metadata.namespace: missing"),
                Arguments.of("an IDMS entry is invalid (the API server would refuse it)",
                        args("--management-manifests", badIdms.toString()),
                        "ImageDigestMirrorSet/broken: spec.imageDigestMirrors[0].source"),
                Arguments.of("the pull secret is not JSON", new String[] {"render", "--hosted-cluster", EX + "/hostedcluster.yaml",
                        "--pull-secret", badSecret.toString(), "--release-image-info", EX + "/release-info.json"}, "not valid JSON"),
                Arguments.of("the output format is unknown", args("--output", "xml"), "--output"),
                Arguments.of("the registry CA file does not exist",
                        args("--registry-ca-file", dir.resolve("ca.pem").toString()),
                        "--registry-ca-file " + dir.resolve("ca.pem") + ": no such file"));
    }

    @ParameterizedTest(name = "When {0}, it should exit 2 with one line")
    @MethodSource("badInput")
    void rejectsBadInput(String when, String[] args, String message) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(message);
        assertThat(run.err().lines().filter(l -> l.contains("error"))).hasSizeLessThanOrEqualTo(1);
        assertThat(run.err()).doesNotContain("\tat ");
    }

    @Test
    void whenTheHostedClusterIgnoresTheManagementMirrors_bothDeploymentsShouldCarryEquals(@TempDir Path dir) throws IOException {
        String hc = Files.readString(Path.of(EX, "hostedcluster.yaml")).replace("  annotations:\n",
                "  annotations:\n    hypershift.openshift.io/ignore-management-cluster-image-mirrors: \"true\"\n");
        Path optedOut = Files.writeString(dir.resolve("hostedcluster.yaml"), hc);
        String[] a = args();
        a[2] = optedOut.toString();
        CliRun run = CliRun.of(a);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(imgOverrides(run.out())).containsExactly("=", "=");
        assertThat(imgOverrides(CliRun.of(args()).out())).hasSize(2).allSatisfy(v -> assertThat(v)
                .contains("=mirror.example.com:8443/"));
    }

    /** The value of each OPENSHIFT_IMG_OVERRIDES env entry in rendered YAML. */
    static List<String> imgOverrides(String yaml) {
        return envValues(yaml, "OPENSHIFT_IMG_OVERRIDES");
    }

    @Test
    void whenTheManagementManifestsHoldAnItms_bothDeploymentsShouldShowTheTagOverridesAndWithoutOneNothingChanges(
            @TempDir Path dir) throws IOException {
        Path management = Files.createDirectories(dir.resolve("management"));
        for (String f : List.of("icsp-oc-mirror.yaml", "idms.yaml")) {
            Files.copy(Path.of(EX, f), management.resolve(f));
        }
        CliRun without = CliRun.of(replaceManagement(args(), management));
        assertThat(without.exitCode()).as(without.err()).isZero();
        assertThat(without.out()).isEqualTo(CliRun.of(args()).out()).doesNotContain("OPENSHIFT_IMG_TAG_OVERRIDES");

        Files.writeString(management.resolve("itms-oc-mirror.yaml"), """
                apiVersion: config.openshift.io/v1
                kind: ImageTagMirrorSet
                metadata:
                  name: itms-generic-0
                spec:
                  imageTagMirrors:
                  - source: quay.io/openshift-release-dev
                    mirrors:
                    - mirror.example.com:8443/openshift-release-dev
                """);
        CliRun with = CliRun.of(replaceManagement(args(), management));
        assertThat(with.exitCode()).as(with.err()).isZero();
        assertThat(envValues(with.out(), "OPENSHIFT_IMG_TAG_OVERRIDES")).containsExactly(
                "quay.io/openshift-release-dev=mirror.example.com:8443/openshift-release-dev",
                "quay.io/openshift-release-dev=mirror.example.com:8443/openshift-release-dev");
        assertThat(imgOverrides(with.out())).isEqualTo(imgOverrides(without.out()));
    }

    private static String[] replaceManagement(String[] args, Path management) {
        args[4] = management.toString();
        return args;
    }

    /** The value of each env entry {@code name} in rendered YAML. */
    static List<String> envValues(String yaml, String name) {
        List<String> lines = yaml.lines().toList();
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).strip().equals("- name: " + name)) {
                out.add(lines.get(i + 1).strip().replaceFirst("^value: ", "").replaceAll("^\"|\"$", ""));
            }
        }
        return out;
    }

    @Test
    void whenAnIcspEntryIsInvalidButStoredByTheApiServer_itShouldRenderWhatTheOperatorBuildsWithAWarning(
            @TempDir Path dir) throws IOException {
        Path badIcsp = Files.writeString(dir.resolve("bad-icsp.yaml"), """
                apiVersion: operator.openshift.io/v1alpha1
                kind: ImageContentSourcePolicy
                metadata: {name: broken}
                spec: {repositoryDigestMirrors: [{source: "quay.io/Bad Source", mirrors: [m.local/x]}]}
                """);
        CliRun run = CliRun.of(args("--management-manifests", badIcsp.toString()));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isNotEmpty();
        assertThat(run.err()).contains("warning: ").contains("ImageContentSourcePolicy/broken: "
                + "spec.repositoryDigestMirrors[0].source");
    }

    @Test
    void whenADataPlaneDirIsGiven_itShouldWriteTheNodesRegistriesConfAndIdmsBesideTheUnchangedObjects(@TempDir Path out)
            throws IOException {
        CliRun plain = CliRun.of(args());
        CliRun run = CliRun.of(args("--data-plane-dir", out.toString()));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(plain.out());
        CliRun served = CliRun.of("dataplane", "registries-conf", "--hosted-cluster", EX + "/hostedcluster.yaml");
        assertThat(Files.readString(out.resolve("registries.conf"))).isEqualTo(served.out());
        assertThat(Files.readString(out.resolve("image-digest-mirror-set.yaml")))
                .contains("kind: ImageDigestMirrorSet")
                .contains("- source: quay.io/openshift-release-dev/ocp-release")
                .contains("- mirror.example.com:8443/openshift/release-images");
        assertThat(run.err()).contains("note: wrote " + out.resolve("registries.conf"));
    }
}
