package io.hypershift.testing.kube;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The backend chosen for a test class: run on {@link #backend()}, skip every test, or fail every test, with the
 * reason (which backends were passed over and why). A test that needs a capability the backend lacks is skipped
 * on its own ({@link #skipReason(Set)}).
 */
public record Selection(Outcome outcome, Optional<Backend> backend, String reason) {

    public enum Outcome { RUN, SKIP, FAIL }

    static Selection run(Backend backend, String reason) {
        return new Selection(Outcome.RUN, Optional.of(backend), reason);
    }

    static Selection skip(String reason) {
        return new Selection(Outcome.SKIP, Optional.empty(), reason);
    }

    static Selection fail(String reason) {
        return new Selection(Outcome.FAIL, Optional.empty(), reason);
    }

    /** Why a test needing {@code required} is skipped here, or empty if it runs (or fails). */
    public Optional<String> skipReason(Set<Capability> required) {
        if (outcome == Outcome.SKIP) {
            return Optional.of(reason);
        }
        if (backend.isEmpty() || required.isEmpty()) {
            return Optional.empty();
        }
        EnumSet<Capability> missing = EnumSet.copyOf(required);
        missing.removeAll(backend.get().capabilities());
        return missing.isEmpty() ? Optional.empty()
                : Optional.of("needs " + missing + ", which backend " + backend.get() + " lacks (" + reason + ")");
    }
}
