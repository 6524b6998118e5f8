package io.hypershift.support.conditions;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Merges newly computed conditions into a resource's existing ones with {@code metav1.Condition} semantics:
 * {@code observedGeneration} is set on every condition written, {@code lastTransitionTime} moves only when the status
 * changes, conditions of other types are kept, and the order is stable (existing types first, new types appended in
 * the order given). Pure: time comes from the {@link Clock}; comparing the result with the input tells whether a
 * status patch is needed at all.
 */
public final class ConditionSet {
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

    private ConditionSet() {}

    /** A condition without generation and time; {@link #merge} fills them in. */
    public static Condition condition(String type, String status, String reason, String message) {
        return new ConditionBuilder()
                .withType(Objects.requireNonNull(type, "type"))
                .withStatus(Objects.requireNonNull(status, "status"))
                .withReason(Objects.requireNonNull(reason, "reason"))
                .withMessage(message == null ? "" : message)
                .build();
    }

    /**
     * The existing conditions with each of {@code updates} applied.
     *
     * @param existing the conditions on the resource now (may be null)
     * @param updates conditions with type, status, reason and message; one per type
     * @param observedGeneration {@code metadata.generation} of the resource the conditions describe
     */
    public static List<Condition> merge(List<Condition> existing, Collection<Condition> updates, Long observedGeneration,
            Clock clock) {
        List<Condition> out = new ArrayList<>();
        if (existing != null) {
            existing.forEach(c -> out.add(copy(c)));
        }
        String now = RFC3339.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
        for (Condition u : updates) {
            int i = indexOf(out, u.getType());
            Condition old = i < 0 ? null : out.get(i);
            String transition = old != null && Objects.equals(old.getStatus(), u.getStatus())
                    && old.getLastTransitionTime() != null ? old.getLastTransitionTime() : now;
            Condition merged = new ConditionBuilder()
                    .withType(u.getType())
                    .withStatus(u.getStatus())
                    .withReason(u.getReason())
                    .withMessage(u.getMessage() == null ? "" : u.getMessage())
                    .withObservedGeneration(observedGeneration)
                    .withLastTransitionTime(transition)
                    .build();
            if (i < 0) {
                out.add(merged);
            } else {
                out.set(i, merged);
            }
        }
        return out;
    }

    /** The condition of {@code type}, if present. */
    public static Optional<Condition> find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Whether the condition of {@code type} is present with {@code status}. */
    public static boolean hasStatus(List<Condition> conditions, String type, String status) {
        return find(conditions, type).map(c -> status.equals(c.getStatus())).orElse(false);
    }

    private static int indexOf(List<Condition> conditions, String type) {
        for (int i = 0; i < conditions.size(); i++) {
            if (type.equals(conditions.get(i).getType())) {
                return i;
            }
        }
        return -1;
    }

    private static Condition copy(Condition c) {
        return new ConditionBuilder(c).build();
    }
}
