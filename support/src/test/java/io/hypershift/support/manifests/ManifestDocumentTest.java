package io.hypershift.support.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.openshift.api.model.config.v1.ImageDigestMirrorSet;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestDocumentTest {
    /** A type with a list, an object, a string and a number, like the few fields of an ImageSetConfiguration. */
    record Shape(List<String> list, Inner inner, String text, Integer count) {}

    record Inner(String name) {}

    static ManifestDocument one(String yaml) {
        List<ManifestDocument> docs = Manifests.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "f.yaml");
        assertThat(docs).hasSize(1);
        return docs.get(0);
    }

    static Stream<Arguments> mismatches() {
        String head = "apiVersion: x/v1\nkind: Shape\n";
        return Stream.of(
                Arguments.of(head + "list: oops\n", "f.yaml: document 1: Shape: list: want a list, got a string"),
                Arguments.of(head + "inner: [a]\n", "f.yaml: document 1: Shape: inner: want an object, got a list"),
                Arguments.of(head + "text: {a: b}\n", "f.yaml: document 1: Shape: text: want a string, got an object"),
                Arguments.of(head + "count: [1]\n", "f.yaml: document 1: Shape: count: want a number, got a list"),
                Arguments.of(head + "metadata: {name: s}\nlist: {a: b}\n",
                        "f.yaml: document 1: Shape/s: list: want a list, got an object"));
    }

    @org.junit.jupiter.api.Test
    void whenAFieldOfAnIdmsHasTheWrongTypeItShouldNameTheObjectAndFieldWithoutJavaTypes() {
        ManifestDocument d = one("""
                apiVersion: config.openshift.io/v1
                kind: ImageDigestMirrorSet
                metadata: {name: idms}
                spec:
                  imageDigestMirrors:
                  - source: quay.io/a
                    mirrors: m.local/a
                """);
        assertThatThrownBy(() -> d.as(ImageDigestMirrorSet.class)).isInstanceOf(ManifestException.class)
                .hasMessage("f.yaml: document 1: ImageDigestMirrorSet/idms: spec.imageDigestMirrors[0].mirrors: "
                        + "want a list, got a string");
    }

    @ParameterizedTest(name = "When a field has the wrong type, it should say: {1}")
    @MethodSource("mismatches")
    void whenAFieldHasTheWrongTypeItShouldSayWhatWasWantedAndWhatWasFound(String yaml, String message) {
        ManifestDocument d = one(yaml);
        assertThatThrownBy(() -> d.as(Shape.class)).isInstanceOf(ManifestException.class).hasMessage(message);
    }
}
