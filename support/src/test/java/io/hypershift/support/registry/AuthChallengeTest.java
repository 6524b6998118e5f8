package io.hypershift.support.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthChallengeTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("When a bearer challenge has realm, service and scope, it should read all three",
                        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"",
                        List.of(new AuthChallenge("bearer", Map.of("realm", "https://auth.docker.io/token",
                                "service", "registry.docker.io", "scope", "repository:library/busybox:pull")))),
                Arguments.of("When the scheme is basic, it should give a basic challenge with its realm",
                        "Basic realm=\"local-registry\"",
                        List.of(new AuthChallenge("basic", Map.of("realm", "local-registry")))),
                Arguments.of("When two challenges share a header, it should give both in order",
                        "Basic realm=\"r1\", Bearer realm=\"https://t.example/token\", service=\"s\"",
                        List.of(new AuthChallenge("basic", Map.of("realm", "r1")),
                                new AuthChallenge("bearer", Map.of("realm", "https://t.example/token", "service", "s")))),
                Arguments.of("When values are unquoted and keys upper case, it should lower-case keys and keep values",
                        "BEARER Realm=https://t.example/token , Service=reg",
                        List.of(new AuthChallenge("bearer", Map.of("realm", "https://t.example/token", "service", "reg")))),
                Arguments.of("When a quoted value holds commas, escapes and '=', it should keep them",
                        "Bearer realm=\"https://t/x?a=b,c\",scope=\"repository:a/b:pull,push\",error=\"say \\\"hi\\\"\"",
                        List.of(new AuthChallenge("bearer", Map.of("realm", "https://t/x?a=b,c",
                                "scope", "repository:a/b:pull,push", "error", "say \"hi\"")))),
                Arguments.of("When the header is empty, it should give no challenge", "", List.of()),
                Arguments.of("When a quoted value is unterminated, it should take the rest",
                        "Bearer realm=\"https://t/token", List.of(new AuthChallenge("bearer", Map.of("realm", "https://t/token")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parse(String name, String header, List<AuthChallenge> expected) {
        assertThat(AuthChallenge.parse(header)).isEqualTo(expected);
    }
}
