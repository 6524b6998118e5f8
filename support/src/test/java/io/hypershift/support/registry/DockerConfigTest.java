package io.hypershift.support.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.imageref.ImageReference;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DockerConfigTest {
    private static final String SECRET = "p4ss-w0rd-7c1e";

    private static String auth(String user, String pass) {
        return Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
    }

    private static DockerConfig parse(String json) {
        return DockerConfig.parse(json.getBytes(StandardCharsets.UTF_8), "Secret clusters/pull-secret");
    }

    static Stream<Arguments> lookups() {
        String authOnly = "{\"auths\":{\"quay.io\":{\"auth\":\"" + auth("u1", SECRET) + "\"}}}";
        return Stream.of(
                Arguments.of("When the auth field holds base64 user:pass, it should decode it", authOnly,
                        "quay.io/org/img:1", Optional.of("u1")),
                Arguments.of("When username and password are given, it should use them",
                        "{\"auths\":{\"registry.example.com:5000\":{\"username\":\"u2\",\"password\":\"" + SECRET + "\"}}}",
                        "registry.example.com:5000/a/b@sha256:" + "a".repeat(64), Optional.of("u2")),
                Arguments.of("When the key is an https URL with a path, it should match its host",
                        "{\"auths\":{\"https://quay.io/v1/\":{\"auth\":\"" + auth("u3", SECRET) + "\"}}}",
                        "quay.io/x/y", Optional.of("u3")),
                Arguments.of("When the key is index.docker.io, it should serve docker.io images",
                        "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth("u4", SECRET) + "\"}}}",
                        "busybox", Optional.of("u4")),
                Arguments.of("When the key is docker.io, it should serve registry-1.docker.io images",
                        "{\"auths\":{\"docker.io\":{\"auth\":\"" + auth("u5", SECRET) + "\"}}}",
                        "registry-1.docker.io/library/busybox", Optional.of("u5")),
                Arguments.of("When a repository-scoped key matches, it should win over the registry key",
                        "{\"auths\":{\"quay.io\":{\"auth\":\"" + auth("wide", SECRET) + "\"},\"quay.io/team\":{\"auth\":\""
                                + auth("narrow", SECRET) + "\"}}}",
                        "quay.io/team/img:1", Optional.of("narrow")),
                Arguments.of("When a repository-scoped key is only a string prefix, it should not match",
                        "{\"auths\":{\"quay.io/team\":{\"auth\":\"" + auth("narrow", SECRET) + "\"}}}",
                        "quay.io/teamwork/img:1", Optional.empty()),
                Arguments.of("When the port differs, it should not match",
                        "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + auth("u6", SECRET) + "\"}}}",
                        "registry.example.com:5000/a", Optional.empty()),
                Arguments.of("When the config has no auths key (.dockercfg), it should read the top-level map",
                        "{\"quay.io\":{\"auth\":\"" + auth("u7", SECRET) + "\"}}", "quay.io/a/b", Optional.of("u7")),
                Arguments.of("When an entry has no credentials, it should be skipped",
                        "{\"auths\":{\"quay.io\":{\"email\":\"a@b\"}}}", "quay.io/a/b", Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookups")
    void credentialsFor(String name, String json, String image, Optional<String> user) {
        DockerConfig c = parse(json);
        Optional<DockerConfig.Credentials> creds = c.credentialsFor(ImageReference.parse(image));
        assertThat(creds.map(DockerConfig.Credentials::username)).isEqualTo(user);
        creds.ifPresent(cr -> assertThat(cr.password()).isEqualTo(SECRET));
        assertThat(c.toString()).doesNotContain(SECRET);
        creds.ifPresent(cr -> assertThat(cr.toString()).doesNotContain(SECRET));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("When the JSON is broken, it should say so without echoing it",
                        "{\"auths\":{\"quay.io\":{\"auth\":\"" + SECRET + "\"", "not valid JSON"),
                Arguments.of("When auth is not base64, it should name the registry key and field",
                        "{\"auths\":{\"quay.io\":{\"auth\":\"" + SECRET + "!!\"}}}", "auths[\"quay.io\"].auth: not valid base64"),
                Arguments.of("When auth lacks a colon, it should say what form it wants",
                        "{\"auths\":{\"quay.io\":{\"auth\":\"" + Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8))
                                + "\"}}}", "not of the form base64(username:password)"),
                Arguments.of("When auths is not an object, it should say so", "{\"auths\":[\"" + SECRET + "\"]}", "auths: not an object"),
                Arguments.of("When the document is not an object, it should say so", "[\"" + SECRET + "\"]", "not a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejects(String name, String json, String message) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(InvalidPullSecretException.class)
                .hasMessageStartingWith("Secret clusters/pull-secret: ")
                .hasMessageContaining(message)
                .hasMessageNotContaining(SECRET);
    }
}
