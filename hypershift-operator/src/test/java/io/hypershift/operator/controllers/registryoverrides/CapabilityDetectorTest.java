package io.hypershift.operator.controllers.registryoverrides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CapabilityDetectorTest {
    static APIResource named(String name, String singular) {
        return new APIResourceBuilder().withName(name).withSingularName(singular).build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("neither group/version is found", Map.of(), new Capabilities(false, false)),
                Arguments.of("both are served by name", Map.of(
                        "operator.openshift.io/v1alpha1", List.of(named("imagecontentsourcepolicies", "")),
                        "config.openshift.io/v1", List.of(named("imagedigestmirrorsets", ""))), new Capabilities(true, true)),
                Arguments.of("IDMS is found by its singular name only", Map.of(
                        "config.openshift.io/v1", List.of(named("other", "imagedigestmirrorset"))), new Capabilities(false, true)),
                Arguments.of("IDMS and ITMS are served, ICSP is not", Map.of(
                        "config.openshift.io/v1", List.of(named("imagedigestmirrorsets", ""),
                                named("imagetagmirrorsets", "imagetagmirrorset"))), new Capabilities(false, true, true)),
                Arguments.of("ITMS is found by its singular name only, without IDMS", Map.of(
                        "config.openshift.io/v1", List.of(named("other", "imagetagmirrorset"))),
                        new Capabilities(false, false, true)),
                Arguments.of("the group/version is served without the resource", Map.of(
                        "operator.openshift.io/v1alpha1", List.of(named("ingresscontrollers", "ingresscontroller"))),
                        new Capabilities(false, false)));
    }

    @ParameterizedTest(name = "When {0}, it should detect {2}")
    @MethodSource("cases")
    void detects(String when, Map<String, List<APIResource>> served, Capabilities expected) {
        assertThat(CapabilityDetector.detect(gv -> Optional.ofNullable(served.get(gv)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "When discovery fails otherwise than NotFound, it should be an error")
    @MethodSource("cases")
    void otherErrorsAreErrors(String when, Map<String, List<APIResource>> served, Capabilities expected) {
        assertThatThrownBy(() -> CapabilityDetector.detect(gv -> {
            throw new CapabilityDetector.DiscoveryException("discovery of " + gv + " failed: HTTP 503", null);
        })).hasMessageContaining("HTTP 503");
    }

    @org.junit.jupiter.api.Test
    void whenIdmsAndItmsShareAGroupVersion_discoveryShouldAskForItOnce() {
        java.util.List<String> asked = new java.util.ArrayList<>();
        CapabilityDetector.detect(gv -> {
            asked.add(gv);
            return Optional.empty();
        });
        assertThat(asked).containsExactly("operator.openshift.io/v1alpha1", "config.openshift.io/v1");
    }
}
