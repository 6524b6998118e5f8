package io.hypershift.support.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.hypershift.support.conditions.StatusConditions;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SafeTextTest {
    @ParameterizedTest(name = "When the text holds {0}, it should become \"{2}\"")
    @CsvSource({"ESC,1b,?", "a newline,0a,' '", "a carriage return,0d,' '", "a tab,09,' '", "NUL,00,?", "DEL,7f,?",
        "a C1 control,9b,?", "a bidi override,202e,?", "a zero-width space,200b,?", "a line separator,2028,' '"})
    void whenTheTextHoldsAnUnsafeCharacter_itShouldBeReplaced(String name, String hex, String replacement) {
        String c = Character.toString(Integer.parseInt(hex, 16));
        assertThat(SafeText.clean("a" + c + "b", 100)).isEqualTo("a" + replacement + "b");
    }

    @Test
    void whenTheTextIsPlain_itShouldBeReturnedAsItIs() {
        String s = "registry quay.io repository a/b: HTTP 404: MANIFEST_UNKNOWN: manifest unknown — ü 日本";
        assertThat(SafeText.clean(s, 1000)).isSameAs(s);
    }

    @Test
    void whenTheTextIsTooLong_itShouldBeCutWithANoteOfHowMuch() {
        assertThat(SafeText.clean("x".repeat(1_000_000), 10)).isEqualTo("xxxxxxxxxx… (999990 more characters)");
    }

    @Test
    void whenARegistryErrorBodyClearsTheScreenAndForgesALogLine_theConditionMessageShouldCarryNeither() {
        StatusConditions c = new StatusConditions(List.of(), 1L, Clock.systemUTC());
        c.set("ValidReleaseImage", "False", "InvalidImage",
                "release lookup failed: HTTP 404: \u001b[2J\n2026-01-01 INFO forged line");
        Condition v = c.get("ValidReleaseImage").orElseThrow();
        assertThat(v.getMessage()).doesNotContain("\u001b").doesNotContain("\n")
                .isEqualTo("release lookup failed: HTTP 404: ?[2J 2026-01-01 INFO forged line");
    }
}
