package io.hypershift.support.releaseinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReleaseManifestsTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void whenImageReferencesIsAnImageStreamItShouldMapEachTagToItsPullSpecInOrder() throws Exception {
        String is = """
                {"kind": "ImageStream", "apiVersion": "image.openshift.io/v1", "spec": {"tags": [
                  {"name": "machine-config-operator", "from": {"kind": "DockerImage", "name": "quay.io/o/a@sha256:%s"}},
                  {"name": "cli", "from": {"kind": "DockerImage", "name": "quay.io/o/a@sha256:%s"}}]}}
                """.formatted("1".repeat(64), "2".repeat(64));
        assertThat(ReleaseManifests.componentImages(b(is))).containsExactly(
                java.util.Map.entry("machine-config-operator", "quay.io/o/a@sha256:" + "1".repeat(64)),
                java.util.Map.entry("cli", "quay.io/o/a@sha256:" + "2".repeat(64)));
    }

    static Stream<Arguments> invalidReferences() {
        return Stream.of(
                Arguments.of("When it is not JSON, it should name the file", "nope", "image-references: not valid JSON"),
                Arguments.of("When the kind is wrong, it should say which", "{\"kind\":\"Pod\"}", "kind is Pod, want ImageStream"),
                Arguments.of("When there are no tags, it should say so", "{\"kind\":\"ImageStream\",\"spec\":{}}", "spec.tags: missing or empty"),
                Arguments.of("When a tag has no from.name, it should name the tag",
                        "{\"spec\":{\"tags\":[{\"name\":\"cli\",\"from\":{}}]}}", "spec.tags[0] (cli).from.name: missing"),
                Arguments.of("When a pull spec is invalid, it should name the tag and why",
                        "{\"spec\":{\"tags\":[{\"name\":\"cli\",\"from\":{\"name\":\"Quay.io/UPPER\"}}]}}", "spec.tags[0] (cli).from.name:"),
                Arguments.of("When a component appears twice, it should say so",
                        "{\"spec\":{\"tags\":[{\"name\":\"a\",\"from\":{\"name\":\"q.io/a\"}},{\"name\":\"a\",\"from\":{\"name\":\"q.io/b\"}}]}}",
                        "component a appears twice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidReferences")
    void rejectsImageReferences(String name, String json, String message) {
        assertThatThrownBy(() -> ReleaseManifests.componentImages(b(json)))
                .isInstanceOf(ReleaseLookupException.class).hasMessageContaining(message);
    }

    @Test
    void whenReleaseMetadataHasAVersionItShouldReturnIt() throws Exception {
        assertThat(ReleaseManifests.version(b("{\"kind\":\"cincinnati-metadata-v0\",\"version\":\"4.16.3\"}")))
                .isEqualTo("4.16.3");
        assertThatThrownBy(() -> ReleaseManifests.version(b("{\"version\": 4}")))
                .hasMessageContaining("release-metadata: version: missing or not a string");
    }
}
