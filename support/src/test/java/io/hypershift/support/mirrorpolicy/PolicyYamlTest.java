package io.hypershift.support.mirrorpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSetBuilder;
import io.hypershift.support.manifests.Manifests;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyYamlTest {
    @Test
    void whenValuesLookLikeOtherYamlTypesItShouldQuoteThemSoTheyReadBackAsStrings() {
        var idms = new ImageDigestMirrorSetBuilder()
                .withNewMetadata().withName("x").addToLabels("b", "true").addToLabels("a", "1234").addToAnnotations("n", "null").endMetadata()
                .withNewSpec()
                .addNewImageDigestMirror().withSource("*.example.com").withMirrors("m.local:5000/a", "10.0.0.1:5000").endImageDigestMirror()
                .endSpec()
                .build();
        String yaml = PolicyYaml.write(List.of(idms));
        assertThat(yaml).isEqualTo("""
                ---
                apiVersion: config.openshift.io/v1
                kind: ImageDigestMirrorSet
                metadata:
                  annotations:
                    "n": "null"
                  labels:
                    a: "1234"
                    b: "true"
                  name: x
                spec:
                  imageDigestMirrors:
                  - mirrors:
                    - m.local:5000/a
                    - 10.0.0.1:5000
                    source: '*.example.com'
                """);
        // and it reads back to the same object
        var back = Manifests.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "back.yaml");
        assertThat(back).singleElement().satisfies(d -> {
            assertThat(d.node().path("metadata").path("labels").path("a").isTextual()).isTrue();
            assertThat(d.node().path("metadata").path("labels").path("b").asText()).isEqualTo("true");
            assertThat(d.node().path("metadata").path("annotations").path("n").isTextual()).isTrue();
            assertThat(d.node().path("spec").path("imageDigestMirrors").path(0).path("source").asText()).isEqualTo("*.example.com");
        });
    }

    @Test
    void whenAStringIsLongItShouldStayOnOneLine() {
        String value = "x".repeat(50) + " " + "y".repeat(50) + " " + "z".repeat(50);
        var idms = new ImageDigestMirrorSetBuilder().withNewMetadata().withName("x").addToAnnotations("long", value).endMetadata().build();
        assertThat(PolicyYaml.write(List.of(idms))).contains("    long: " + value + "\n").endsWith("spec: {}\n");
    }
}
