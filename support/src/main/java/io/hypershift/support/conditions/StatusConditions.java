package io.hypershift.support.conditions;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.hypershift.support.text.SafeText;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Aggregates the conditions of one status update with {@code metav1.Condition} semantics (HyperShift's
 * {@code meta.SetStatusCondition}): each condition carries the object's {@code observedGeneration}; its
 * {@code lastTransitionTime} moves only when its status changes; conditions not set in this round are kept as they
 * were. {@link #changed()} tells whether anything differs from what was observed, so that the caller patches the
 * status only on change. Pure: time comes from the injected {@link Clock}.
 */
public final class StatusConditions {
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

    private final List<Condition> observed;
    private final List<Condition> conditions;
    private final long generation;
    private final Clock clock;

    /**
     * @param observed the conditions currently in the status (never modified)
     * @param generation the object's {@code metadata.generation}
     */
    public StatusConditions(List<Condition> observed, Long generation, Clock clock) {
        this.observed = observed == null ? List.of() : List.copyOf(observed);
        this.conditions = new ArrayList<>();
        for (Condition c : this.observed) {
            conditions.add(new ConditionBuilder(c).build());
        }
        this.generation = generation == null ? 0L : generation;
        this.clock = clock;
    }

    /** Sets a condition; {@code status} is {@code True}, {@code False} or {@code Unknown}. */
    public StatusConditions set(String type, String status, String reason, String message) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        // messages quote registries and input files: no control characters, bounded length
        String msg = message == null ? "" : SafeText.message(message);
        for (int i = 0; i < conditions.size(); i++) {
            Condition c = conditions.get(i);
            if (type.equals(c.getType())) {
                String transition = status.equals(c.getStatus()) && c.getLastTransitionTime() != null
                        ? c.getLastTransitionTime() : now();
                conditions.set(i, condition(type, status, reason, msg, transition));
                return this;
            }
        }
        conditions.add(condition(type, status, reason, msg, now()));
        return this;
    }

    /** Removes a condition (e.g. one that no longer applies). */
    public StatusConditions remove(String type) {
        conditions.removeIf(c -> type.equals(c.getType()));
        return this;
    }

    public Optional<Condition> get(String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** The previous value of a condition, as observed before this round. */
    public Optional<Condition> observed(String type) {
        return observed.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Whether a condition's status, reason or message differs from what was observed (a transition to report). */
    public boolean changed(String type) {
        Optional<Condition> before = observed(type);
        Optional<Condition> after = get(type);
        if (before.isEmpty() || after.isEmpty()) {
            return before.isPresent() != after.isPresent();
        }
        return !Objects.equals(before.get().getStatus(), after.get().getStatus())
                || !Objects.equals(before.get().getReason(), after.get().getReason())
                || !Objects.equals(before.get().getMessage(), after.get().getMessage());
    }

    /** The conditions after this round: observed order, new ones appended. */
    public List<Condition> conditions() {
        List<Condition> out = new ArrayList<>();
        conditions.forEach(c -> out.add(new ConditionBuilder(c).build()));
        return out;
    }

    /** Whether anything (including {@code observedGeneration}) differs from what was observed. */
    public boolean changed() {
        return !observed.equals(conditions);
    }

    private Condition condition(String type, String status, String reason, String message, String transition) {
        return new ConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(transition)
                .build();
    }

    private String now() {
        return RFC3339.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
    }

    /** Whether the condition of {@code type} in {@code conditions} has status {@code True}. */
    public static boolean isTrue(List<Condition> conditions, String type) {
        return conditions != null && conditions.stream()
                .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
