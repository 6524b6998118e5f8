package io.hypershift.support.registryoverride;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.support.cli.CommandLines;
import io.hypershift.support.cli.UserInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TagOverridesEnvTest {
    static Map<String, String> env(String value) {
        Map<String, String> env = new HashMap<>();
        env.put("OPENSHIFT_IMG_OVERRIDES", "quay.io=digest.local");
        if (value != null) {
            env.put("OPENSHIFT_IMG_TAG_OVERRIDES", value);
        }
        return env;
    }

    static Stream<Arguments> none() {
        return Stream.of(Arguments.of((String) null), Arguments.of(""), Arguments.of("="));
    }

    @ParameterizedTest(name = "When the variable is {0}, it should give no tag mirrors")
    @MethodSource("none")
    void none(String value) {
        assertThat(TagOverridesEnv.parse(env(value)).isEmpty()).isTrue();
    }

    @ParameterizedTest(name = "When the variable is well formed, it should keep every mirror in order")
    @ValueSource(strings = "quay.io/a=m1.local/a,quay.io/a=m2.local/a,registry.redhat.io=m.local/rh")
    void parses(String value) {
        assertThat(TagOverridesEnv.parse(env(value)).asMap()).containsExactly(
                Map.entry("quay.io/a", List.of("m1.local/a", "m2.local/a")),
                Map.entry("registry.redhat.io", List.of("m.local/rh")));
    }

    @ParameterizedTest(name = "When a piece is {0}, it should be a bad-input error naming the variable")
    @ValueSource(strings = {"junk", "quay.io/a=m.local/a,=m2.local", "quay.io/a=", "quay.io/a=m,,b=c",
        "quay.io/a=m,quay.io/a=m"})
    void malformed(String value) {
        assertThatThrownBy(() -> TagOverridesEnv.parse(env(value)))
                .isInstanceOf(UserInputException.class)
                .satisfies(e -> assertThat(CommandLines.isBadInput(e)).as("exit 2").isTrue())
                .hasMessageStartingWith("OPENSHIFT_IMG_TAG_OVERRIDES: ").hasMessageContaining("piece ")
                .hasMessageContaining("source=mirror pieces");
    }

    @ParameterizedTest(name = "When a piece holds control characters, the message should not")
    @ValueSource(strings = "quay.io/a=m\u001b[31m,junk\u001b[0m")
    void sanitised(String value) {
        assertThatThrownBy(() -> TagOverridesEnv.parse(env(value))).satisfies(e ->
                assertThat(e.getMessage()).doesNotContain("\u001b"));
    }
}
