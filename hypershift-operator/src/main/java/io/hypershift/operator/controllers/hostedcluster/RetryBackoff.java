package io.hypershift.operator.controllers.hostedcluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * When to look at a failing HostedCluster again: a backoff per HostedCluster that grows with how long it has been
 * failing, with jitter, capped per kind of failure.
 *
 * <p>The next delay is {@code clamp(failing for, FIRST, cap)}, less a random 0–50 % of it ("equal jitter"). A
 * HostedCluster that keeps failing is therefore retried after about 1–2 s, 1–2 s, 2–4 s, … (each wait about as long
 * as all the earlier ones together, so the delays roughly double) until the cap; at the cap it waits between
 * {@code cap/2} and {@code cap}. Two bounds follow, and the docs state them: a HostedCluster is looked at again at
 * most {@code max(FIRST, min(cap, failing for))} after its last failure, so after an outage of length T it recovers
 * within {@code max(FIRST, min(cap, T))} (plus one lookup); and N HostedClusters failing at the cap cause on average
 * {@code N / (0.75 cap)} looks a second, at most {@code N / (cap/2)}, spread out rather than in step.
 *
 * <p>Growth is measured in time, not in attempts, so a reconcile that some other event brings (a resync, a watched
 * object) does not push the next delay up. The state starts afresh when the kind of failure or the inputs (the
 * HostedCluster's generation and annotations, its pull secret, the mirror policies) change, and is dropped when the
 * HostedCluster succeeds or is deleted. As a safety net, an entry not touched for {@link #STALE} (a failing
 * HostedCluster is touched at least every cap) is dropped too, so the map holds at most the failing HostedClusters.
 *
 * <p>Why not java-operator-sdk's own: its {@code GradualRetry}/{@code GenericRetry} applies only when {@code
 * reconcile} throws (this reconcile succeeds and writes the failure into the conditions), counts attempts, has no
 * jitter and gives up after its attempts; its {@code RateLimiter} limits how often one resource is reconciled, it does
 * not space retries out.
 */
final class RetryBackoff {
    /** What failed; each has its own cap (the fixed delays used before this backoff). */
    enum Kind {
        /** Writing the control plane failed (API server). */
        WRITE(Duration.ofSeconds(15)),
        /** The pull secret is missing or unusable (its watch brings a reconcile as soon as it is fixed). */
        PULL_SECRET(Duration.ofSeconds(30)),
        /** The release (or an OLM catalog) lookup failed: the registry. */
        LOOKUP(Duration.ofSeconds(60));

        final Duration cap;

        Kind(Duration cap) {
            this.cap = cap;
        }
    }

    /** The shortest delay, also the nominal first one. */
    static final Duration FIRST = Duration.ofSeconds(2);
    /** An entry untouched this long belongs to a HostedCluster that is gone or no longer failing. */
    static final Duration STALE = Duration.ofMinutes(15);

    private record State(Kind kind, long inputs, Instant since, Instant touched) {}

    private final Map<String, State> failing = new ConcurrentHashMap<>();
    private final Clock clock;
    private final DoubleSupplier random;
    private volatile Instant lastSweep;

    /**
     * @param random uniform in [0, 1), for the jitter
     */
    RetryBackoff(Clock clock, DoubleSupplier random) {
        this.clock = clock;
        this.random = random;
        this.lastSweep = clock.instant();
    }

    /**
     * Records a failure of {@code key} and returns when to look again.
     *
     * @param inputs a fingerprint of what the outcome depends on; a different value starts the backoff afresh
     */
    Duration failed(String key, Kind kind, long inputs) {
        Instant now = clock.instant();
        sweep(now);
        State s = failing.compute(key, (k, old) -> old != null && old.kind == kind && old.inputs == inputs
                ? new State(kind, inputs, old.since, now) : new State(kind, inputs, now, now));
        long failingFor = Duration.between(s.since, now).toMillis();
        long nominal = Math.max(FIRST.toMillis(), Math.min(kind.cap.toMillis(), failingFor));
        double r = Math.min(Math.max(random.getAsDouble(), 0), 1);
        return Duration.ofMillis(nominal - (long) (nominal / 2 * r));
    }

    /** {@code key} succeeded: its next failure starts from {@link #FIRST}. */
    void succeeded(String key) {
        failing.remove(key);
    }

    /** {@code key} was deleted. */
    void forget(String key) {
        failing.remove(key);
    }

    /** How many HostedClusters are backing off. */
    int size() {
        return failing.size();
    }

    private void sweep(Instant now) {
        if (Duration.between(lastSweep, now).compareTo(Duration.ofMinutes(1)) < 0) {
            return;
        }
        lastSweep = now;
        Instant cutoff = now.minus(STALE);
        failing.values().removeIf(s -> s.touched.isBefore(cutoff));
    }
}
