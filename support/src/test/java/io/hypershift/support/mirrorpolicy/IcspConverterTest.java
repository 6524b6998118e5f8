package io.hypershift.support.mirrorpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import io.hypershift.support.cli.UserInputException;
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

class IcspConverterTest {
    @TempDir
    Path dir;

    private String convert(String icspYaml) throws IOException {
        Path f = Files.writeString(dir.resolve("in.yaml"), icspYaml);
        return PolicyYaml.write(IcspConverter.convert(PolicyInputs.read(List.of(f))).objects());
    }

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("one entry, mirrors in order",
                        """
                        apiVersion: operator.openshift.io/v1alpha1
                        kind: ImageContentSourcePolicy
                        metadata:
                          name: release-0
                        spec:
                          repositoryDigestMirrors:
                          - mirrors:
                            - m1.example.com/ocp/release
                            - m2.example.com/ocp/release
                            source: quay.io/openshift-release-dev/ocp-v4.0-art-dev
                        """,
                        """
                        ---
                        apiVersion: config.openshift.io/v1
                        kind: ImageDigestMirrorSet
                        metadata:
                          name: release-0
                        spec:
                          imageDigestMirrors:
                          - mirrors:
                            - m1.example.com/ocp/release
                            - m2.example.com/ocp/release
                            source: quay.io/openshift-release-dev/ocp-v4.0-art-dev
                        """),
                Arguments.of("labels and annotations kept, server fields and last-applied dropped, entry order kept",
                        """
                        apiVersion: operator.openshift.io/v1alpha1
                        kind: ImageContentSourcePolicy
                        metadata:
                          name: operator-0
                          uid: 0c4f5e3a-7f0e-4d55-9a57-5b8c9d1e2f3a
                          resourceVersion: "48211"
                          generation: 3
                          creationTimestamp: "2024-06-10T08:00:00Z"
                          labels:
                            operators.openshift.org/catalog: "true"
                          annotations:
                            kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"operator.openshift.io/v1alpha1"}'
                            owner: platform-team
                          managedFields:
                          - manager: kubectl
                            operation: Apply
                        spec:
                          repositoryDigestMirrors:
                          - source: registry.redhat.io/rhel9
                            mirrors: [mirror.example.com:8443/rhel9]
                          - source: registry.redhat.io/multicluster-engine
                            mirrors: [mirror.example.com:8443/multicluster-engine]
                        status: {}
                        """,
                        """
                        ---
                        apiVersion: config.openshift.io/v1
                        kind: ImageDigestMirrorSet
                        metadata:
                          annotations:
                            owner: platform-team
                          labels:
                            operators.openshift.org/catalog: "true"
                          name: operator-0
                        spec:
                          imageDigestMirrors:
                          - mirrors:
                            - mirror.example.com:8443/rhel9
                            source: registry.redhat.io/rhel9
                          - mirrors:
                            - mirror.example.com:8443/multicluster-engine
                            source: registry.redhat.io/multicluster-engine
                        """),
                Arguments.of("several documents become several IDMS, an entry without mirrors stays without",
                        """
                        ---
                        apiVersion: operator.openshift.io/v1alpha1
                        kind: ImageContentSourcePolicy
                        metadata: {name: a}
                        spec:
                          repositoryDigestMirrors:
                          - source: quay.io
                        ---
                        apiVersion: operator.openshift.io/v1alpha1
                        kind: ImageContentSourcePolicy
                        metadata: {name: b}
                        spec: {}
                        """,
                        """
                        ---
                        apiVersion: config.openshift.io/v1
                        kind: ImageDigestMirrorSet
                        metadata:
                          name: a
                        spec:
                          imageDigestMirrors:
                          - source: quay.io
                        ---
                        apiVersion: config.openshift.io/v1
                        kind: ImageDigestMirrorSet
                        metadata:
                          name: b
                        spec: {}
                        """));
    }

    @ParameterizedTest(name = "When converting ({0}), it should write what oc adm migrate icsp writes")
    @MethodSource("vectors")
    void whenConvertingItShouldWriteTheIdms(String name, String in, String expected) throws IOException {
        assertThat(convert(in)).isEqualTo(expected);
    }

    @Test
    void whenConvertingTheV1ReleaseOutputItShouldMatchTheGolden() {
        Path icsp = PolicyInputsTest.V1.resolve("results-1718000000/imageContentSourcePolicy.yaml");
        IcspConverter.Result r = IcspConverter.convert(PolicyInputs.read(List.of(icsp)));
        assertThat(r.warnings()).isEmpty();
        assertThat(r.objects()).extracting(o -> o.getMetadata().getName()).containsExactly("generic-0", "operator-0", "release-0");
        GoldenFiles.assertMatches(PolicyMergerTest.GOLDEN.resolve("convert-v1-run1.yaml"), PolicyYaml.write(r.objects()));
    }

    @Test
    void whenTheIcspHoldsWhatAnIdmsCannotItShouldConvertFaithfullyAndWarn() throws IOException {
        String sha = "sha256:" + "b".repeat(64);
        Path f = Files.writeString(dir.resolve("in.yaml"), PolicyInputsTest.icsp("pinned", "quay.io/ocp/release@" + sha, "m.local/ocp/release", "m.local/ocp/release"));
        IcspConverter.Result r = IcspConverter.convert(PolicyInputs.read(List.of(f)));
        ImageDigestMirrorSet idms = r.objects().get(0);
        assertThat(idms.getSpec().getImageDigestMirrors().get(0).getSource()).isEqualTo("quay.io/ocp/release@" + sha);
        assertThat(r.warnings()).containsExactly(
                f + ": document 1: ImageDigestMirrorSet/pinned: spec.imageDigestMirrors[0].source: source \"quay.io/ocp/release@"
                        + sha + "\" has a digest; the ImageDigestMirrorSet schema accepts only host[:port][/namespace...][/repository] "
                        + "or *.host, so the API server rejects it (the API server will reject this ImageDigestMirrorSet)",
                f + ": document 1: ImageDigestMirrorSet/pinned: spec.imageDigestMirrors[0].mirrors[1]: mirror \"m.local/ocp/release\" "
                        + "is listed twice for quay.io/ocp/release@" + sha + "; mirrors is a set, so the API server rejects the "
                        + "duplicate value (the API server will reject this ImageDigestMirrorSet)");
    }

    @Test
    void whenTwoFilesHoldIcspsOfTheSameNameItShouldWarnThatOneReplacesTheOther() {
        Path run1 = PolicyInputsTest.V1.resolve("results-1718000000/imageContentSourcePolicy.yaml");
        Path run2 = PolicyInputsTest.V1.resolve("results-1718600000/imageContentSourcePolicy.yaml");
        IcspConverter.Result r = IcspConverter.convert(PolicyInputs.read(List.of(run1, run2)));
        assertThat(r.objects()).hasSize(5);
        assertThat(r.warnings()).singleElement().asString()
                .startsWith(run2 + ": document 1: ImageDigestMirrorSet/operator-0: metadata.name: ImageDigestMirrorSet/operator-0 "
                        + "is also defined, with other entries, at " + run1 + ": document 2: ImageDigestMirrorSet/operator-0");
    }

    @Test
    void whenTheInputHoldsAnotherMirrorKindItShouldRefuse() {
        Path idms = PolicyInputsTest.V2_RUN_1.resolve("cluster-resources/idms-oc-mirror.yaml");
        assertThatThrownBy(() -> IcspConverter.convert(PolicyInputs.read(List.of(idms))))
                .isInstanceOf(UserInputException.class)
                .hasMessage(idms + ": document 1: ImageDigestMirrorSet/idms-operator-0: kind: ImageDigestMirrorSet needs no "
                        + "conversion; convert reads only ImageContentSourcePolicy objects");
    }
}
