package io.hypershift.support.mirrorpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.api.ControlPlaneContract;
import io.hypershift.support.cli.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyLinterTest {
    private static final String SHA = "sha256:" + "c".repeat(64);
    /** Explicit entries for the release payload, so that rows about other rules see no OCPBUGS-33951 finding. */
    private static final String PAYLOAD = """
            - {source: quay.io/openshift-release-dev/ocp-release, mirrors: [m.local/ocp/release-images]}
            - {source: quay.io/openshift-release-dev/ocp-v4.0-art-dev, mirrors: [m.local/ocp/release]}
            """;

    @TempDir
    Path dir;

    static String idms(String name, String entries) {
        return """
                apiVersion: config.openshift.io/v1
                kind: ImageDigestMirrorSet
                metadata:
                  name: %s
                spec:
                  imageDigestMirrors:
                %s""".formatted(name, entries.indent(2));
    }

    static String icsp(String name, String entries) {
        return """
                apiVersion: operator.openshift.io/v1alpha1
                kind: ImageContentSourcePolicy
                metadata:
                  name: %s
                spec:
                  repositoryDigestMirrors:
                %s""".formatted(name, entries.indent(2));
    }

    static String itms(String name, String entries) {
        return """
                apiVersion: config.openshift.io/v1
                kind: ImageTagMirrorSet
                metadata:
                  name: %s
                spec:
                  imageTagMirrors:
                %s""".formatted(name, entries.indent(2));
    }

    static String isc(String mirror) {
        return "apiVersion: mirror.openshift.io/v1alpha2\nkind: ImageSetConfiguration\nstorageConfig: {local: {path: ./m}}\n"
                + "mirror:\n" + mirror.indent(2);
    }

    /** An IDMS whose serialised overrides take about {@code bytes} bytes. */
    static String bigIdms(int bytes) {
        int per = ("registry.example.com/team/repository-0000=mirror.example.com:8443/team/repository-0000,").length();
        int n = (bytes - ControlPlaneContract.ENV_IMG_OVERRIDES.length() - 1) / per;
        String entries = IntStream.range(0, n)
                .mapToObj(i -> "- {source: registry.example.com/team/repository-%04d, mirrors: [mirror.example.com:8443/team/repository-%04d]}".formatted(i, i))
                .collect(Collectors.joining("\n"));
        return idms("big", entries + "\n" + PAYLOAD);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("an entry's source is empty", "report it as an error",
                        List.of(idms("a", "- {source: \"\", mirrors: [m.local/x]}\n" + PAYLOAD)), null,
                        List.of("ERROR empty-source spec.imageDigestMirrors[0].source"), "source is empty"),
                Arguments.of("a source is not a valid reference", "report an invalid reference",
                        List.of(icsp("a", "- {source: quay.io/UPPER/x, mirrors: [m.local/x]}\n" + PAYLOAD)), null,
                        List.of("ERROR invalid-reference spec.repositoryDigestMirrors[0].source"), "repository names must be lowercase"),
                Arguments.of("a mirror is not a valid reference", "report an invalid reference on that mirror",
                        List.of(idms("a", "- {source: quay.io/x, mirrors: [m.local/ok, \"m.local/Bad\"]}\n" + PAYLOAD)), null,
                        List.of("ERROR invalid-reference spec.imageDigestMirrors[0].mirrors[1]"), "m.local/Bad"),
                Arguments.of("a mirror is empty", "report an invalid reference on that mirror",
                        List.of(idms("a", "- {source: quay.io/x, mirrors: [\"\", m.local/x]}\n" + PAYLOAD)), null,
                        List.of("ERROR invalid-reference spec.imageDigestMirrors[0].mirrors[0]"), "empty mirror"),
                Arguments.of("a wildcard source has a path", "report a wildcard that is not allowed",
                        List.of(idms("a", "- {source: \"*.example.com/ns\", mirrors: [m.local/x]}\n" + PAYLOAD)), null,
                        List.of("ERROR wildcard-not-allowed spec.imageDigestMirrors[0].source"), "whole leading host label"),
                Arguments.of("a mirror is a wildcard", "report a wildcard that is not allowed",
                        List.of(itms("a", "- {source: quay.io/x, mirrors: [\"*.m.local\"]}\n")), null,
                        List.of("ERROR wildcard-not-allowed spec.imageTagMirrors[0].mirrors[0]"), "a mirror cannot be a wildcard"),
                Arguments.of("an ICSP has a *.host source", "warn that only IDMS and ITMS document wildcards",
                        List.of(icsp("a", "- {source: \"*.example.com\", mirrors: [m.local/x]}\n" + PAYLOAD)), null,
                        List.of("WARNING wildcard-not-allowed spec.repositoryDigestMirrors[0].source",
                                "WARNING node-wildcard-host-port spec.repositoryDigestMirrors[0].source"),
                        "mirror-policy convert --to idms"),
                Arguments.of("an IDMS has a *.host source", "accept it, warning only that nodes fail on its host:port images",
                        List.of(idms("a", "- {source: \"*.example.com\", mirrors: [m.local/x]}\n" + PAYLOAD)), null,
                        List.of("WARNING node-wildcard-host-port spec.imageDigestMirrors[0].source"),
                        "invalid reference format"),
                Arguments.of("an IDMS source has a tag", "report it as an error the API server would give",
                        List.of(idms("a", "- {source: \"quay.io/ns/repo:v1\", mirrors: [m.local/x]}\n" + PAYLOAD)), null,
                        List.of("ERROR source-tag-or-digest spec.imageDigestMirrors[0].source"), "use the repository as the source: quay.io/ns/repo"),
                Arguments.of("an ICSP source has a digest", "warn that it mirrors one reference only",
                        List.of(icsp("a", "- {source: \"quay.io/ns/repo@" + SHA + "\", mirrors: [m.local/x]}\n" + PAYLOAD)), null,
                        List.of("WARNING source-tag-or-digest spec.repositoryDigestMirrors[0].source"), "cannot be converted"),
                Arguments.of("an entry has no mirrors", "warn that it has no effect",
                        List.of(idms("a", "- {source: quay.io/ns/repo}\n" + PAYLOAD)), null,
                        List.of("WARNING no-mirrors spec.imageDigestMirrors[0].mirrors"), "has no effect"),
                Arguments.of("an entry says NeverContactSource with no mirror", "report an error on mirrorSourcePolicy",
                        List.of(idms("a", "- {source: quay.io/ns/repo, mirrorSourcePolicy: NeverContactSource}\n" + PAYLOAD)), null,
                        List.of("ERROR never-contact-without-mirror spec.imageDigestMirrors[0].mirrorSourcePolicy"), "no pull of quay.io/ns/repo can succeed"),
                Arguments.of("mirrorSourcePolicy is not a known value", "report an error",
                        List.of(idms("a", "- {source: quay.io/ns/repo, mirrors: [m.local/x], mirrorSourcePolicy: NeverContact}\n" + PAYLOAD)), null,
                        List.of("ERROR unknown-source-policy spec.imageDigestMirrors[0].mirrorSourcePolicy"), "NeverContact"),
                Arguments.of("an IDMS entry lists a mirror twice", "report an error, since mirrors is a set",
                        List.of(idms("a", "- {source: quay.io/ns/repo, mirrors: [m.local/x, m.local/y, m.local/x]}\n" + PAYLOAD)), null,
                        List.of("ERROR duplicate-mirror spec.imageDigestMirrors[0].mirrors[2]"), "rejects the duplicate value"),
                Arguments.of("an ICSP entry lists a mirror twice", "warn that the repeat has no effect",
                        List.of(icsp("a", "- {source: quay.io/ns/repo, mirrors: [m.local/x, m.local/x]}\n" + PAYLOAD)), null,
                        List.of("WARNING duplicate-mirror spec.repositoryDigestMirrors[0].mirrors[1]"), "the repeat has no effect"),
                Arguments.of("two objects list the same mirror for a source", "warn at the later one",
                        List.of(idms("a", "- {source: quay.io/ns/repo, mirrors: [m.local/x]}\n" + PAYLOAD),
                                icsp("b", "- {source: quay.io/ns/repo, mirrors: [m.local/y, m.local/x]}")), null,
                        List.of("WARNING duplicate-mirror spec.repositoryDigestMirrors[0].mirrors[1]",
                                "WARNING node-mirror-order-differs spec.imageDigestMirrors[0]"), "is already listed at"),
                Arguments.of("an IDMS and an ITMS list the same mirror", "not warn, since they serve different pulls",
                        List.of(idms("a", "- {source: quay.io/ns/repo, mirrors: [m.local/x]}\n" + PAYLOAD),
                                itms("a", "- {source: quay.io/ns/repo, mirrors: [m.local/x]}")), null,
                        List.of(), ""),
                Arguments.of("two files define one object name with different entries", "warn that one replaces the other",
                        List.of(icsp("operator-0", "- {source: quay.io/ns/a, mirrors: [m.local/a]}\n" + PAYLOAD),
                                icsp("operator-0", "- {source: quay.io/ns/b, mirrors: [m.local/b]}")), null,
                        List.of("WARNING name-collision metadata.name"), "the earlier's mirrors are lost"),
                Arguments.of("two files define one object name with the same entries", "not warn",
                        List.of(icsp("release-0", PAYLOAD), icsp("release-0", PAYLOAD)), null,
                        List.of("WARNING duplicate-mirror spec.repositoryDigestMirrors[0].mirrors[0]",
                                "WARNING duplicate-mirror spec.repositoryDigestMirrors[1].mirrors[0]"), "already listed"),
                Arguments.of("only a root-only source covers the release payload (OCPBUGS-33951)",
                        "warn for each payload repository, with the explicit entry to add",
                        List.of(idms("a", "- {source: quay.io, mirrors: [mirror.local/quay]}")), null,
                        List.of("WARNING release-payload-not-explicit spec.imageDigestMirrors[0].source",
                                "WARNING release-payload-not-explicit spec.imageDigestMirrors[0].source",
                                "WARNING node-bare-host-captures-port spec.imageDigestMirrors[0].source"),
                        "add an entry: source: quay.io/openshift-release-dev/ocp-v4.0-art-dev, mirrors: [mirror.local/quay/openshift-release-dev/ocp-v4.0-art-dev]"),
                Arguments.of("only a namespace-only source covers the release payload (OCPBUGS-33951)",
                        "warn that it is namespace-only",
                        List.of(icsp("a", "- {source: quay.io/openshift-release-dev, mirrors: [m.local/ocp]}")), null,
                        List.of("WARNING release-payload-not-explicit spec.repositoryDigestMirrors[0].source",
                                "WARNING release-payload-not-explicit spec.repositoryDigestMirrors[0].source"),
                        "mirrored only through the namespace-only source quay.io/openshift-release-dev"),
                Arguments.of("root-only sources cover other registries and nothing names the payload (OCPBUGS-33951)",
                        "warn that the payload is not covered",
                        List.of(idms("image-policy", "- {source: registry.redhat.io, mirrors: [registry.sample.net/redhat.io]}\n"
                                + "- {source: docker.io, mirrors: [registry.sample.net/docker.io]}")), null,
                        List.of("WARNING release-payload-not-explicit spec.imageDigestMirrors[0].source",
                                "WARNING release-payload-not-explicit spec.imageDigestMirrors[0].source",
                                "WARNING node-bare-host-captures-port spec.imageDigestMirrors[0].source",
                                "WARNING node-bare-host-captures-port spec.imageDigestMirrors[1].source"),
                        "the root-only sources (registry.redhat.io, docker.io) do not cover quay.io/openshift-release-dev/ocp-release"),
                Arguments.of("a root-only source and explicit payload entries exist",
                        "not warn about the payload, only about the nodes' host:port images",
                        List.of(idms("a", "- {source: quay.io, mirrors: [mirror.local/quay]}\n" + PAYLOAD)), null,
                        List.of("WARNING node-bare-host-captures-port spec.imageDigestMirrors[0].source"),
                        "also matches images on quay.io:PORT"),
                Arguments.of("the serialised overrides exceed MAX_ARG_STRLEN", "report an error naming the largest sources",
                        List.of(bigIdms(ControlPlaneContract.MAX_ARG_STRLEN + 2048)), null,
                        List.of("ERROR overrides-too-long OPENSHIFT_IMG_OVERRIDES"), "over Linux's 131072-byte limit"),
                Arguments.of("the serialised overrides are above 90% of MAX_ARG_STRLEN", "warn",
                        List.of(bigIdms((int) (ControlPlaneContract.MAX_ARG_STRLEN * 0.95))), null,
                        List.of("WARNING overrides-too-long OPENSHIFT_IMG_OVERRIDES"), "close to Linux's 131072-byte limit"),
                Arguments.of("the serialised overrides are well below the limit", "not warn",
                        List.of(bigIdms((int) (ControlPlaneContract.MAX_ARG_STRLEN * 0.85))), null,
                        List.of(), ""),
                Arguments.of("a release channel's payload has no ICSP or IDMS entry", "report the channel",
                        List.of(idms("a", "- {source: registry.redhat.io/rhel9, mirrors: [m.local/rhel9]}")),
                        isc("platform:\n  channels:\n  - name: stable-4.16\n    type: ocp\n"),
                        List.of("ERROR release-channel-not-covered mirror.platform.channels[0]"),
                        "no ImageContentSourcePolicy or ImageDigestMirrorSet entry covers quay.io/openshift-release-dev/ocp-release or quay.io/openshift-release-dev/ocp-v4.0-art-dev"),
                Arguments.of("only an ITMS covers a release channel", "report the channel, since HyperShift reads only ICSP and IDMS",
                        List.of(itms("a", PAYLOAD)),
                        isc("platform:\n  channels:\n  - name: stable-4.16\n"),
                        List.of("ERROR release-channel-not-covered mirror.platform.channels[0]"), "stable-4.16 (ocp)"),
                Arguments.of("the release channels are covered", "not report them",
                        List.of(idms("a", PAYLOAD + "- {source: quay.io/openshift, mirrors: [m.local/openshift]}")),
                        isc("platform:\n  channels:\n  - name: stable-4.16\n  - name: stable-4\n    type: okd\n"),
                        List.of(), ""),
                Arguments.of("a channel has an unknown platform type", "warn that it was not checked",
                        List.of(idms("a", PAYLOAD)), isc("platform:\n  channels:\n  - name: stable-4.16\n    type: rhcos\n"),
                        List.of("WARNING image-set-not-checked mirror.platform.channels[0].type"), "unknown platform type"),
                Arguments.of("an operator catalog has no mirror entry", "report the catalog, with the fix",
                        List.of(idms("a", PAYLOAD),
                                "apiVersion: operators.coreos.com/v1alpha1\nkind: CatalogSource\nmetadata: {name: redhat-operator-index, namespace: openshift-marketplace}\n"
                                        + "spec: {sourceType: grpc, image: \"mirror.example.com:8443/redhat/redhat-operator-index:v4.16\"}\n"),
                        isc("operators:\n- catalog: registry.redhat.io/redhat/redhat-operator-index:v4.16\n  packages: [{name: odf-operator}]\n"),
                        List.of("ERROR catalog-not-covered mirror.operators[0].catalog"),
                        "add an entry: source: registry.redhat.io/redhat/redhat-operator-index, mirrors: [mirror.example.com:8443/redhat/redhat-operator-index]"),
                Arguments.of("an operator catalog is covered by a namespace entry", "not report it",
                        List.of(idms("a", PAYLOAD + "- {source: registry.redhat.io/redhat, mirrors: [m.local/redhat]}")),
                        isc("operators:\n- catalog: docker://registry.redhat.io/redhat/redhat-operator-index:v4.16\n"),
                        List.of(), ""),
                Arguments.of("an operator catalog is a local OCI layout", "warn that it was not checked",
                        List.of(idms("a", PAYLOAD)), isc("operators:\n- catalog: oci:///home/admin/catalogs/redhat-operator-index\n"),
                        List.of("WARNING image-set-not-checked mirror.operators[0].catalog"), "local OCI layout"),
                Arguments.of("an operator catalog is not a valid reference", "report an invalid reference",
                        List.of(idms("a", PAYLOAD)), isc("operators:\n- catalog: registry.redhat.io/Redhat/index:v4.16\n"),
                        List.of("ERROR invalid-reference mirror.operators[0].catalog"), "lowercase"),
                Arguments.of("an additional image is named by tag and no ITMS covers it", "warn, even though an IDMS covers it",
                        List.of(idms("a", PAYLOAD + "- {source: registry.redhat.io/ubi9, mirrors: [m.local/ubi9]}")),
                        isc("additionalImages:\n- name: registry.redhat.io/ubi9/ubi:latest\n"),
                        List.of("WARNING tag-image-not-covered mirror.additionalImages[0].name"),
                        "add the ImageTagMirrorSet of the oc-mirror run that mirrored it (v2 itms-oc-mirror.yaml), or an entry: "
                                + "source: registry.redhat.io/ubi9/ubi, mirrors: [<mirror-registry>/ubi9/ubi]"),
                Arguments.of("additional images are named by digest, or by a tag that an ITMS covers", "not warn",
                        List.of(idms("a", PAYLOAD), itms("t", "- {source: registry.redhat.io/ubi9, mirrors: [m.local/ubi9]}")),
                        isc("additionalImages:\n- name: registry.redhat.io/ubi9/ubi:latest\n"
                                + "- name: quay.io/x/y@sha256:" + "a".repeat(64) + "\n"),
                        List.of(), ""),
                Arguments.of("an ImageSetConfiguration is given as a policy file", "warn that its coverage was not checked",
                        List.of(idms("a", PAYLOAD), isc("operators:\n- catalog: registry.redhat.io/redhat/redhat-operator-index:v4.16\n")),
                        null, List.of("WARNING image-set-not-checked kind"), "pass it with --image-set-config"),
                Arguments.of("the policies are clean", "report nothing",
                        List.of(idms("a", PAYLOAD + "- {source: registry.redhat.io/redhat, mirrors: [m.local/redhat]}")),
                        isc("platform:\n  channels:\n  - name: stable-4.16\noperators:\n- catalog: registry.redhat.io/redhat/redhat-operator-index:v4.16\n"),
                        List.of(), ""));
    }

    @ParameterizedTest(name = "When {0}, it should {1}")
    @MethodSource("rules")
    void lintTable(String condition, String behaviour, List<String> files, String imageSet, List<String> expected,
            String fragment) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            paths.add(Files.writeString(dir.resolve("policy-" + i + ".yaml"), files.get(i)));
        }
        ImageSetConfig.Loaded isc = imageSet == null ? null
                : ImageSetConfig.read(Files.writeString(dir.resolve("imageset-config.yaml"), imageSet));
        List<Finding> findings = PolicyLinter.lint(PolicyInputs.read(paths), isc);
        assertThat(findings).extracting(f -> f.severity() + " " + f.rule().id() + " " + f.entry())
                .as(PolicyLinter.formatText(findings))
                .containsExactlyElementsOf(expected);
        if (!expected.isEmpty()) {
            assertThat(findings.stream().map(f -> f.message() + " | " + f.fix()).collect(Collectors.joining("\n")))
                    .contains(fragment);
            assertThat(findings).allSatisfy(f -> assertThat(f.fix()).isNotBlank());
        }
        assertThat(PolicyLinter.hasErrors(findings)).isEqualTo(expected.stream().anyMatch(e -> e.startsWith("ERROR")));
    }

    @Test
    void whenTheImageSetConfigurationIsGivenBothAsAFileAndAsTheOptionItShouldNotWarn() throws IOException {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), idms("a", PAYLOAD));
        Path iscFile = Files.writeString(dir.resolve("isc.yaml"), isc("platform:\n  channels:\n  - name: stable-4.16\n"));
        assertThat(PolicyLinter.lint(PolicyInputs.read(List.of(policy, iscFile)), ImageSetConfig.read(iscFile))).isEmpty();
    }

    @Test
    void whenTheInputsHoldNoMirrorPolicyItShouldFailInsteadOfReportingNoFindings() throws IOException {
        Path cm = Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        assertThatThrownBy(() -> PolicyLinter.lint(PolicyInputs.read(List.of(cm, dir.resolve("cm.yaml"))), null))
                .isInstanceOf(UserInputException.class)
                .hasMessage("no ImageContentSourcePolicy, ImageDigestMirrorSet or ImageTagMirrorSet in " + cm + ", " + cm
                        + "; nothing to lint");
    }

    @Test
    void whenAFindingIsReportedItShouldNameTheFileDocumentAndObject() throws IOException {
        Path f = Files.writeString(dir.resolve("x.yaml"), idms("first", PAYLOAD) + "---\n" + idms("second", "- {source: quay.io/x}"));
        List<Finding> findings = PolicyLinter.lint(PolicyInputs.read(List.of(f)), null);
        assertThat(findings).singleElement().satisfies(x -> {
            assertThat(x.object()).isEqualTo(f + ": document 2: ImageDigestMirrorSet/second");
            assertThat(x.describe()).isEqualTo(f + ": document 2: ImageDigestMirrorSet/second: spec.imageDigestMirrors[0].mirrors: "
                    + "no mirrors: the entry has no effect and pulls of quay.io/x still go to the source");
        });
        assertThat(PolicyLinter.formatText(findings)).isEqualTo("warning[no-mirrors] " + findings.get(0).describe() + "\n"
                + "  fix: add the mirrors that hold quay.io/x's images, or delete the entry\n0 errors, 1 warning\n");
        assertThat(PolicyLinter.formatJson(findings)).contains("\"warnings\" : 1", "\"rule\" : \"no-mirrors\"");
    }

    static Stream<Arguments> goldens() {
        Path v1 = PolicyInputsTest.V1;
        return Stream.of(
                Arguments.of("lint-v1-runs.txt", List.of(v1)),
                Arguments.of("lint-merged.txt", List.of(PolicyMergerTest.GOLDEN.resolve("merge-v1-idms.yaml"))),
                Arguments.of("lint-merged-with-catalogs.txt", List.of(PolicyMergerTest.GOLDEN.resolve("merge-v1-idms.yaml"),
                        GoldenFiles.FIXTURES.resolve("catalog-idms.yaml"))));
    }

    @ParameterizedTest(name = "When linting {1} against the ImageSetConfiguration, it should report what {0} holds")
    @MethodSource("goldens")
    void whenLintingTheFixturesItShouldMatchTheGolden(String golden, List<Path> paths) {
        ImageSetConfig.Loaded isc = ImageSetConfig.read(GoldenFiles.FIXTURES.resolve("imageset-config.yaml"));
        GoldenFiles.assertMatches(PolicyMergerTest.GOLDEN.resolve(golden),
                PolicyLinter.formatText(PolicyLinter.lint(PolicyInputs.read(paths), isc)));
    }
}
