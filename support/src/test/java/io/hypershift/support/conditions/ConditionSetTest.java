package io.hypershift.support.conditions;

import static io.hypershift.support.conditions.ConditionSet.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionSetTest {
    private static final Clock T1 = Clock.fixed(Instant.parse("2025-01-01T10:00:00.750Z"), ZoneOffset.UTC);
    private static final Clock T2 = Clock.fixed(Instant.parse("2025-01-01T11:00:00Z"), ZoneOffset.UTC);

    @Test
    void whenAConditionIsNew_itShouldGetTheTimeAndGeneration() {
        List<Condition> out = ConditionSet.merge(null, List.of(condition("A", "True", "AsExpected", "fine")), 3L, T1);
        assertThat(out).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("A");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("AsExpected");
            assertThat(c.getMessage()).isEqualTo("fine");
            assertThat(c.getObservedGeneration()).isEqualTo(3L);
            assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
        });
    }

    @Test
    void whenTheStatusIsUnchanged_itShouldKeepTheTransitionTimeButTakeTheNewMessageAndGeneration() {
        List<Condition> first = ConditionSet.merge(null, List.of(condition("A", "False", "X", "one")), 1L, T1);
        List<Condition> second = ConditionSet.merge(first, List.of(condition("A", "False", "Y", "two")), 2L, T2);
        assertThat(second).singleElement().satisfies(c -> {
            assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
            assertThat(c.getReason()).isEqualTo("Y");
            assertThat(c.getMessage()).isEqualTo("two");
            assertThat(c.getObservedGeneration()).isEqualTo(2L);
        });
    }

    @Test
    void whenTheStatusChanges_itShouldMoveTheTransitionTime() {
        List<Condition> first = ConditionSet.merge(null, List.of(condition("A", "False", "X", "")), 1L, T1);
        List<Condition> second = ConditionSet.merge(first, List.of(condition("A", "True", "AsExpected", "")), 1L, T2);
        assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2025-01-01T11:00:00Z");
    }

    @Test
    void whenNothingChanges_itShouldReturnAnEqualListSoNoPatchIsNeeded() {
        List<Condition> first = ConditionSet.merge(null,
                List.of(condition("A", "True", "R", "m"), condition("B", "False", "S", "n")), 4L, T1);
        List<Condition> again = ConditionSet.merge(first,
                List.of(condition("A", "True", "R", "m"), condition("B", "False", "S", "n")), 4L, T2);
        assertThat(again).isEqualTo(first);
    }

    @Test
    void whenOtherTypesExist_itShouldKeepThemAndTheirOrder() {
        List<Condition> first = ConditionSet.merge(null,
                List.of(condition("Z", "True", "R", ""), condition("A", "True", "R", "")), 1L, T1);
        List<Condition> second = ConditionSet.merge(first, List.of(condition("M", "True", "R", "")), 2L, T2);
        assertThat(second).extracting(Condition::getType).containsExactly("Z", "A", "M");
        assertThat(second.get(0).getObservedGeneration()).isEqualTo(1L);
        assertThat(ConditionSet.hasStatus(second, "M", "True")).isTrue();
        assertThat(ConditionSet.find(second, "Q")).isEmpty();
    }

    @Test
    void whenMerging_itShouldNotModifyTheInput() {
        List<Condition> first = ConditionSet.merge(null, List.of(condition("A", "False", "X", "")), 1L, T1);
        ConditionSet.merge(first, List.of(condition("A", "True", "Y", "")), 2L, T2);
        assertThat(first.get(0).getStatus()).isEqualTo("False");
        assertThat(first.get(0).getObservedGeneration()).isEqualTo(1L);
    }
}
