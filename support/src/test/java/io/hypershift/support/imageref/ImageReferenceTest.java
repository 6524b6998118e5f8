package io.hypershift.support.imageref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageReferenceTest {
    private static final String SHA = "sha256:" + "a".repeat(64);

    static Stream<Arguments> valid() {
        return Stream.of(
                // input, registry, repository, tag, digest
                Arguments.of("quay.io/openshift-release-dev/ocp-release:4.16.0-x86_64", "quay.io",
                        "openshift-release-dev/ocp-release", "4.16.0-x86_64", null),
                Arguments.of("quay.io/openshift-release-dev/ocp-release@" + SHA, "quay.io",
                        "openshift-release-dev/ocp-release", null, SHA),
                Arguments.of("quay.io/a/b:tag@" + SHA, "quay.io", "a/b", "tag", SHA),
                Arguments.of("localhost/foo", "localhost", "foo", null, null),
                Arguments.of("localhost:5000/foo/bar:1", "localhost:5000", "foo/bar", "1", null),
                Arguments.of("127.0.0.1:5000/ns/repo", "127.0.0.1:5000", "ns/repo", null, null),
                Arguments.of("[::1]:5000/repo", "[::1]:5000", "repo", null, null),
                Arguments.of("ubuntu", null, "ubuntu", null, null),
                Arguments.of("library/ubuntu:22.04", null, "library/ubuntu", "22.04", null),
                Arguments.of("myns/img", null, "myns/img", null, null),
                Arguments.of("registry.example.com:443/a__b/c-d/e.f", "registry.example.com:443", "a__b/c-d/e.f", null, null),
                Arguments.of("foo@sha512:" + "0".repeat(128), null, "foo", null, "sha512:" + "0".repeat(128)),
                Arguments.of("localhost:5000", null, "localhost", "5000", null),
                // hosts may have upper case, repositories may not
                Arguments.of("Quay.IO/x", "Quay.IO", "x", null, null));
    }

    @ParameterizedTest(name = "When parsing {0}, it should find registry={1} repository={2} tag={3} digest={4}")
    @MethodSource("valid")
    void parsesValidReferences(String input, String registry, String repository, String tag, String digest) {
        ImageReference ref = ImageReference.parse(input);
        assertThat(ref.registry()).isEqualTo(registry);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).isEqualTo(tag);
        assertThat(ref.digest()).isEqualTo(digest);
        assertThat(ref.toString()).as("round trip").isEqualTo(input);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("", "empty reference"),
                Arguments.of("quay.io/UPPER/case", "lowercase"),
                Arguments.of("quay.io/a//b", "empty path component"),
                Arguments.of("quay.io/", "missing repository"),
                Arguments.of("quay.io/a@sha256:abc", "invalid digest"),
                Arguments.of("quay.io/a@sha256:" + "a".repeat(63) + "z", "invalid digest"),
                Arguments.of("quay.io/a@" + "sha256:" + "a".repeat(65), "64 hex"),
                Arguments.of("quay.io/a:-bad", "invalid tag"),
                Arguments.of("quay.io/a:" + "t".repeat(129), "invalid tag"),
                Arguments.of("quay.io/a b", "whitespace"),
                Arguments.of(" quay.io/a", "whitespace"),
                Arguments.of("quay.io/-a", "path component"),
                Arguments.of("-bad.io:x/a", "invalid registry host"),
                Arguments.of("quay.io:0/a", "the port is not in 1-65535"),
                Arguments.of("quay.io:65536/a", "the port is not in 1-65535"),
                Arguments.of("localhost:99999/a", "the port is not in 1-65535"),
                Arguments.of("quay.io:123456/a", "the port is not in 1-65535"),
                Arguments.of("a/" + "b".repeat(260), "longer than"));
    }

    @ParameterizedTest(name = "When parsing \"{0}\", it should fail with {1}")
    @MethodSource("invalid")
    void rejectsInvalidReferences(String input, String reason) {
        var assertion = assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("invalid image reference");
        if (reason != null) {
            assertion.hasMessageContaining(reason);
        }
    }

    static Stream<Arguments> normalised() {
        return Stream.of(
                Arguments.of("ubuntu", "registry-1.docker.io", "library/ubuntu", "latest"),
                Arguments.of("docker.io/ubuntu:22.04", "registry-1.docker.io", "library/ubuntu", "22.04"),
                Arguments.of("index.docker.io/org/app@" + SHA, "registry-1.docker.io", "org/app", SHA),
                Arguments.of("quay.io/ubuntu", "quay.io", "ubuntu", "latest"),
                Arguments.of("localhost:5000/a:1@" + SHA, "localhost:5000", "a", SHA));
    }

    @ParameterizedTest(name = "When {0} is pulled, it should ask {1} for {2} at {3}")
    @MethodSource("normalised")
    void normalisesForTheRegistry(String input, String host, String repository, String manifestRef) {
        ImageReference ref = ImageReference.parse(input);
        assertThat(ref.registryHost()).isEqualTo(host);
        assertThat(ref.repositoryForRegistry()).isEqualTo(repository);
        assertThat(ref.manifestReference()).isEqualTo(manifestRef);
    }

    @ParameterizedTest(name = "When the source is \"{0}\", it should be valid={1}")
    @MethodSource("sources")
    void validatesSources(String source, boolean valid) {
        if (valid) {
            SourcePattern.validateSource(source);
        } else {
            assertThatThrownBy(() -> SourcePattern.validateSource(source)).isInstanceOf(InvalidReferenceException.class);
        }
    }

    static Stream<Arguments> sources() {
        return Stream.of(
                Arguments.of("quay.io", true),
                Arguments.of("Registry.Example.com", true),
                Arguments.of("localhost:5000", true),
                Arguments.of("quay.io/openshift-release-dev", true),
                Arguments.of("quay.io/openshift-release-dev/ocp-release@" + SHA, true),
                Arguments.of("registry.redhat.io/redhat/redhat-operator-index:v4.16", true),
                Arguments.of("*.example.com", true),
                Arguments.of("*.example.com/path", false),
                Arguments.of("*.example.com:5000", false),
                Arguments.of("foo.*.example.com", false),
                Arguments.of("*", false),
                Arguments.of("", false),
                Arguments.of("quay.io/UPPER", false),
                Arguments.of("quay.io//x", false));
    }

    @ParameterizedTest(name = "When the mirror is \"{0}\", it should be valid={1}")
    @MethodSource("mirrors")
    void validatesMirrors(String mirror, boolean valid) {
        if (valid) {
            SourcePattern.validateMirror(mirror);
        } else {
            assertThatThrownBy(() -> SourcePattern.validateMirror(mirror)).isInstanceOf(InvalidReferenceException.class);
        }
    }

    static Stream<Arguments> mirrors() {
        return Stream.of(
                Arguments.of("mirror.example.com", true),
                Arguments.of("mirror.example.com:5000", true),
                Arguments.of("mirror.example.com:5000/ns/repo", true),
                Arguments.of("*.example.com", false),
                Arguments.of("mirror.example.com/repo:tag", false),
                Arguments.of("mirror.example.com/repo@" + SHA, false),
                Arguments.of("mirror example", false));
    }
}
