package io.hypershift.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hypershift.api.v1beta1.HostedCluster;
import io.hypershift.api.v1beta1.OLMCatalogPlacement;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeneratedCrdTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    private static JsonNode crd(String plural) throws IOException {
        String path = "/META-INF/fabric8/" + plural + ".hypershift.openshift.io-v1.yml";
        try (InputStream in = GeneratedCrdTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path + " is generated at build time").isNotNull();
            return YAML.readTree(in);
        }
    }

    @ParameterizedTest(name = "When the {0} CRD is generated, it should carry the pipeline's fields and rules")
    @ValueSource(strings = {"hostedclusters", "hostedcontrolplanes"})
    void carriesTheFieldsAndRules(String plural) throws IOException {
        JsonNode version = crd(plural).path("spec").path("versions").get(0);
        assertThat(version.path("name").asText()).isEqualTo("v1beta1");
        assertThat(version.path("subresources").has("status")).isTrue();
        JsonNode spec = version.path("schema").path("openAPIV3Schema").path("properties").path("spec").path("properties");
        JsonNode ics = spec.path("imageContentSources");
        assertThat(ics.path("maxItems").asInt()).isEqualTo(255);
        assertThat(ics.path("items").path("required").get(0).asText()).isEqualTo("source");
        JsonNode placement = spec.path("olmCatalogPlacement");
        assertThat(placement.path("default").asText()).isEqualTo("management");
        assertThat(placement.path("enum")).extracting(JsonNode::asText).containsExactlyInAnyOrder("management", "guest");
        assertThat(placement.path("x-kubernetes-validations").get(0).path("rule").asText()).isEqualTo("self == oldSelf");
        JsonNode status = version.path("schema").path("openAPIV3Schema").path("properties").path("status").path("properties");
        assertThat(status.path("conditions").path("items").path("properties").has("observedGeneration")).isTrue();
    }

    @org.junit.jupiter.api.Test
    void whenAHostedClusterIsReadItShouldIgnoreFieldsThisPipelineDoesNotUse() throws IOException {
        HostedCluster hc = YAML.readValue("""
                apiVersion: hypershift.openshift.io/v1beta1
                kind: HostedCluster
                metadata: {name: example, namespace: clusters}
                spec:
                  release: {image: "quay.io/openshift-release-dev/ocp-release:4.16.0-x86_64"}
                  pullSecret: {name: pull-secret}
                  platform: {type: None}
                  olmCatalogPlacement: guest
                  imageContentSources:
                  - source: quay.io/openshift-release-dev
                    mirrors: [mirror.example.com/ocp]
                """, HostedCluster.class);
        assertThat(hc.controlPlaneNamespace()).isEqualTo("clusters-example");
        assertThat(hc.getSpec().getOlmCatalogPlacement()).isEqualTo(OLMCatalogPlacement.GUEST);
        assertThat(hc.getSpec().getImageContentSources()).singleElement()
                .satisfies(i -> assertThat(i.getMirrors()).containsExactly("mirror.example.com/ocp"));
    }
}
