package io.hypershift.support.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The reference grammar of the nodes' runtime (distribution's reference package, as containers/image vendors it). */
class DockerReferenceTest {
    static final String D = "sha256:" + "0123456789abcdef".repeat(4);

    @ParameterizedTest(name = "When {0} is pulled, the node should pull {1}")
    @CsvSource({
        "busybox, docker.io/library/busybox:latest",
        "library/busybox:1, docker.io/library/busybox:1",
        "index.docker.io/foo/bar, docker.io/foo/bar:latest",
        "localhost/x, localhost/x:latest",
        "quay.io:5000/a/b:v1.2-rc_3, quay.io:5000/a/b:v1.2-rc_3",
        "Quay.IO/a/b, Quay.IO/a/b:latest"})
    void normalised(String image, String expected) throws Exception {
        assertThat(DockerReference.parseForPull(image).toString()).isEqualTo(expected);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("mirror.example.com/ns:5000/x/y@" + D, "invalid reference format"),
                Arguments.of("quay.io/A/b", "invalid reference format: repository name must be lowercase"),
                Arguments.of("quay.io/a/b@sha256:abc", "invalid reference format"),
                Arguments.of("quay.io/a/b@sha256:" + "0".repeat(63) + "Z", "invalid reference format"),
                Arguments.of("quay.io/a/b@md5:" + "0".repeat(32), "unsupported digest algorithm"),
                Arguments.of("0".repeat(64), "cannot specify 64-byte hexadecimal strings"),
                Arguments.of("quay.io/" + "a".repeat(250), "must not be more than 255 characters"),
                Arguments.of("quay.io/a:1@" + D, "both a tag and digest"));
    }

    @ParameterizedTest(name = "When {0} is pulled, the node should refuse it: {1}")
    @MethodSource("refused")
    void refusedForPull(String image, String message) {
        assertThatThrownBy(() -> DockerReference.parseForPull(image)).isInstanceOf(DockerReference.Invalid.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "When a rewritten reference is {0}, canonical should be {1}")
    @CsvSource({
        "mirror.example.com/ocp/x:1, true",
        "localhost:5000/x:1, true",
        "docker.io/library/x:1, true",
        "mirror/art-dev/x:1, false",
        "docker.io/x:1, false",
        "index.docker.io/a/x:1, false"})
    void canonical(String ref, boolean canonical) {
        if (canonical) {
            assertThat(DockerReferenceTest.parses(ref)).isTrue();
        } else {
            assertThatThrownBy(() -> DockerReference.parseCanonical(ref)).hasMessage(DockerReference.NOT_CANONICAL);
        }
    }

    static boolean parses(String ref) {
        try {
            return DockerReference.parseCanonical(ref).toString().equals(ref);
        } catch (DockerReference.Invalid e) {
            return false;
        }
    }
}
