package io.hypershift.support.registry;

import java.time.Duration;

/**
 * The deadline of one lookup (a release or an image over all its candidates), for every registry request the
 * current thread makes inside it. Scopes nest: an inner one never extends an outer one.
 * <pre>{@code
 * try (LookupDeadline d = client.lookupDeadline()) {
 *     for (String candidate : candidates) { ... client.manifestDigest(...) ... }
 * }
 * }</pre>
 */
public final class LookupDeadline implements AutoCloseable {
    private static final ThreadLocal<LookupDeadline> CURRENT = new ThreadLocal<>();

    private final LookupDeadline outer;
    private final long deadlineNanos;
    private final Duration budget;

    private LookupDeadline(LookupDeadline outer, long deadlineNanos, Duration budget) {
        this.outer = outer;
        this.deadlineNanos = deadlineNanos;
        this.budget = budget;
    }

    /** Starts a scope of at most {@code budget} (less if an enclosing scope ends sooner). */
    public static LookupDeadline start(Duration budget) {
        LookupDeadline outer = CURRENT.get();
        long mine = System.nanoTime() + budget.toNanos();
        LookupDeadline d = outer != null && outer.deadlineNanos - mine < 0
                ? new LookupDeadline(outer, outer.deadlineNanos, outer.budget)
                : new LookupDeadline(outer, mine, budget);
        CURRENT.set(d);
        return d;
    }

    /** The innermost scope of this thread, or null. */
    static LookupDeadline current() {
        return CURRENT.get();
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    Duration budget() {
        return budget;
    }

    @Override
    public void close() {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }
}
