package io.hypershift.support.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);
    private static final String D = "sha256:" + "d".repeat(64);

    private static final String INDEX = """
            {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
              {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 1,
               "platform": {"os": "linux", "architecture": "arm64", "variant": "v8"}},
              {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 1,
               "platform": {"os": "unknown", "architecture": "unknown"}},
              {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 1,
               "platform": {"os": "linux", "architecture": "amd64"}},
              {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 1}
            ]}""".formatted(A, B, C, D);

    static Stream<Arguments> platforms() {
        return Stream.of(
                Arguments.of("When linux/amd64 is asked for, it should pick the amd64 entry", "linux/amd64", Optional.of(C)),
                Arguments.of("When linux/arm64 is asked for without variant, it should accept arm64/v8", "linux/arm64", Optional.of(A)),
                Arguments.of("When the variant differs, it should not match", "linux/arm64/v7", Optional.empty()),
                Arguments.of("When the platform is absent, it should pick nothing (not the attestation)", "linux/s390x", Optional.empty()),
                Arguments.of("When upper case is used, it should still match", "Linux/AMD64", Optional.of(C)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("platforms")
    void selectsPlatform(String name, String platform, Optional<String> digest) {
        Manifest.Index index = (Manifest.Index) Manifest.parse(INDEX.getBytes(StandardCharsets.UTF_8), null);
        assertThat(index.select(Platform.parse(platform)).map(Descriptor::digest)).isEqualTo(digest);
        assertThat(index.platforms()).containsExactly("linux/arm64/v8", "unknown/unknown", "linux/amd64");
    }

    @Test
    void whenADockerManifestListHasNoMediaTypeFieldItShouldUseTheContentType() {
        String list = "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"" + A
                + "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
        Manifest m = Manifest.parse(list.getBytes(StandardCharsets.UTF_8), Manifest.DOCKER_LIST + "; charset=utf-8");
        assertThat(m).isInstanceOf(Manifest.Index.class);
        assertThat(m.mediaType()).isEqualTo(Manifest.DOCKER_LIST);
    }

    @Test
    void whenAnImageManifestIsParsedItShouldGiveItsConfigAndLayersInOrder() {
        String image = "{\"schemaVersion\":2,\"mediaType\":\"" + Manifest.DOCKER_MANIFEST + "\",\"config\":{\"digest\":\""
                + A + "\",\"size\":10},\"layers\":[{\"digest\":\"" + B + "\",\"size\":20},{\"digest\":\"" + C + "\",\"size\":30}]}";
        Manifest.Image m = (Manifest.Image) Manifest.parse(image.getBytes(StandardCharsets.UTF_8), null);
        assertThat(m.config().digest()).isEqualTo(A);
        assertThat(m.layers()).extracting(Descriptor::digest).containsExactly(B, C);
        assertThat(m.layers()).extracting(Descriptor::size).containsExactly(20L, 30L);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("When the body is not JSON, it should say so", "not json", "not JSON"),
                Arguments.of("When it is schema 1, it should say it is unsupported", "{\"schemaVersion\":1}", "schema 1"),
                Arguments.of("When an image manifest has no config, it should say so",
                        "{\"schemaVersion\":2,\"mediaType\":\"" + Manifest.OCI_MANIFEST + "\",\"layers\":[]}", "no config"),
                Arguments.of("When a layer has no digest, it should name the field",
                        "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + A + "\"},\"layers\":[{\"size\":1}]}", "layers[]: no digest"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejects(String name, String body, String message) {
        assertThatThrownBy(() -> Manifest.parse(body.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void whenAPlatformStringIsMalformedItShouldSayWhatItWants() {
        assertThatThrownBy(() -> Platform.parse("amd64")).hasMessageContaining("want os/architecture[/variant]");
    }
}
