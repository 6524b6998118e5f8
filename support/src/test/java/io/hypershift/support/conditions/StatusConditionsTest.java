package io.hypershift.support.conditions;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusConditionsTest {
    private static final Clock T0 = Clock.fixed(Instant.parse("2025-01-01T00:00:00.250Z"), ZoneOffset.UTC);
    private static final Clock T1 = Clock.fixed(Instant.parse("2025-01-01T01:00:00Z"), ZoneOffset.UTC);

    private static List<Condition> initial() {
        return new StatusConditions(List.of(), 1L, T0)
                .set("ValidReleaseImage", "True", "AsExpected", "Release image is valid")
                .conditions();
    }

    @Test
    void whenAConditionIsFirstSetItShouldCarryTheGenerationAndTheTimeInSeconds() {
        Condition c = initial().get(0);
        assertThat(c.getObservedGeneration()).isEqualTo(1L);
        assertThat(c.getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(c.getReason()).isEqualTo("AsExpected");
    }

    @Test
    void whenTheStatusIsUnchangedItShouldKeepTheTransitionTimeAndReportNoChange() {
        StatusConditions s = new StatusConditions(initial(), 1L, T1)
                .set("ValidReleaseImage", "True", "AsExpected", "Release image is valid");
        assertThat(s.changed()).isFalse();
        assertThat(s.changed("ValidReleaseImage")).isFalse();
        assertThat(s.conditions().get(0).getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void whenOnlyTheGenerationMovesItShouldReportAChangeButKeepTheTransitionTime() {
        StatusConditions s = new StatusConditions(initial(), 2L, T1)
                .set("ValidReleaseImage", "True", "AsExpected", "Release image is valid");
        assertThat(s.changed()).isTrue();
        assertThat(s.changed("ValidReleaseImage")).as("no transition to report").isFalse();
        assertThat(s.conditions().get(0).getObservedGeneration()).isEqualTo(2L);
        assertThat(s.conditions().get(0).getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void whenTheStatusFlipsItShouldMoveTheTransitionTime() {
        StatusConditions s = new StatusConditions(initial(), 1L, T1)
                .set("ValidReleaseImage", "False", "InvalidImage", "failed to lookup release image: x");
        assertThat(s.changed()).isTrue();
        assertThat(s.changed("ValidReleaseImage")).isTrue();
        assertThat(s.conditions().get(0).getLastTransitionTime()).isEqualTo("2025-01-01T01:00:00Z");
    }

    @Test
    void whenOnlyTheMessageChangesItShouldReportATransitionButKeepTheTime() {
        StatusConditions s = new StatusConditions(initial(), 1L, T1)
                .set("ValidReleaseImage", "True", "AsExpected", "other");
        assertThat(s.changed("ValidReleaseImage")).isTrue();
        assertThat(s.conditions().get(0).getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void whenConditionsAreNotSetThisRoundItShouldKeepThemAndAppendNewOnesInOrder() {
        StatusConditions s = new StatusConditions(initial(), 1L, T1).set("B", "True", "R", "m").set("A", "False", "R", "m");
        assertThat(s.conditions()).extracting(Condition::getType).containsExactly("ValidReleaseImage", "B", "A");
        assertThat(s.remove("B").conditions()).extracting(Condition::getType).containsExactly("ValidReleaseImage", "A");
        assertThat(StatusConditions.isTrue(s.conditions(), "ValidReleaseImage")).isTrue();
        assertThat(StatusConditions.isTrue(s.conditions(), "A")).isFalse();
    }

    @Test
    void whenTheObservedListIsModifiedLaterItShouldNotAffectTheAggregator() {
        List<Condition> observed = new java.util.ArrayList<>(initial());
        StatusConditions s = new StatusConditions(observed, 1L, T1);
        observed.clear();
        assertThat(s.conditions()).hasSize(1);
        assertThat(s.changed()).isFalse();
    }
}
