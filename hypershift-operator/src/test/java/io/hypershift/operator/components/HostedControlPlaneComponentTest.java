package io.hypershift.operator.components;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.api.Annotations;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.HostedControlPlane;
import io.hypershift.api.v1beta1.ImageContentSource;
import io.hypershift.api.v1beta1.OLMCatalogPlacement;
import io.hypershift.operator.components.hostedcontrolplane.HostedControlPlaneComponent;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HostedControlPlaneComponentTest {

    static Stream<Arguments> cases() {
        String overrides = "registry.redhat.io/redhat=mirror.local/redhat";
        String digest = "mirror.local/redhat/redhat-operator-index@sha256:" + "1".repeat(64);
        return Stream.of(
                Arguments.of("the HostedCluster has no OLM annotations", Map.of(), Map.of()),
                Arguments.of("it has the overrides annotation", Map.of(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES, overrides),
                        Map.of(Annotations.OLM_CATALOGS_IS_REGISTRY_OVERRIDES, overrides)),
                Arguments.of("it has a catalog image and an unrelated annotation",
                        Map.of(Annotations.REDHAT_OPERATORS_CATALOG_IMAGE, digest, "example.com/other", "x"),
                        Map.of(Annotations.REDHAT_OPERATORS_CATALOG_IMAGE, digest)),
                Arguments.of("it has the data-plane NeverContactSource list",
                        Map.of(Annotations.IMAGE_CONTENT_SOURCES_NEVER_CONTACT_SOURCE, "quay.io/openshift-release-dev"),
                        Map.of(Annotations.IMAGE_CONTENT_SOURCES_NEVER_CONTACT_SOURCE, "quay.io/openshift-release-dev")));
    }

    @ParameterizedTest(name = "When {0}, it should copy exactly the annotations the HostedControlPlane carries")
    @MethodSource("cases")
    void copiesTheOlmAnnotations(String when, Map<String, String> annotations, Map<String, String> expected) {
        HostedCluster hc = ExampleInputs.hostedCluster();
        hc.getMetadata().setAnnotations(annotations);
        HostedControlPlane hcp = HostedControlPlaneComponent.build(hc);
        Map<String, String> olm = new java.util.HashMap<>(hcp.getMetadata().getAnnotations());
        olm.keySet().retainAll(Annotations.COPIED_TO_HOSTED_CONTROL_PLANE);
        assertThat(olm).isEqualTo(expected);
        assertThat(hcp.getMetadata().getAnnotations()).doesNotContainKey("example.com/other");
    }

    @ParameterizedTest(name = "When imageContentSources is {0}, it should be copied as such")
    @MethodSource("sources")
    void copiesImageContentSources(String when, List<ImageContentSource> given, List<ImageContentSource> expected) {
        HostedCluster hc = ExampleInputs.hostedCluster();
        hc.getSpec().setImageContentSources(given);
        HostedControlPlane hcp = HostedControlPlaneComponent.build(hc);
        assertThat(hcp.getSpec().getImageContentSources()).isEqualTo(expected);
        assertThat(hcp.getSpec().getReleaseImage()).isEqualTo(hc.getSpec().getRelease().getImage());
        assertThat(hcp.getSpec().getPullSecret().getName()).isEqualTo("pull-secret");
        assertThat(hcp.getSpec().getOlmCatalogPlacement()).isEqualTo(OLMCatalogPlacement.MANAGEMENT);
        assertThat(hcp.getMetadata().getNamespace()).isEqualTo("clusters-example");
    }

    static Stream<Arguments> sources() {
        ImageContentSource s = new ImageContentSource("quay.io/a", List.of("m1/a", "m2/a"));
        return Stream.of(
                Arguments.of("set", List.of(s), List.of(s)),
                Arguments.of("removed (null)", null, null),
                Arguments.of("emptied", List.of(), null));
    }
}
