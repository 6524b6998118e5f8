package io.hypershift.operator.controllers.hostedcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.operator.controllers.hostedcluster.RetryBackoff.Kind;
import io.hypershift.support.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
    final MutableClock clock = new MutableClock();
    /** The jitter draw the next call gets: 0 is no jitter (the nominal delay), 1 the most (half of it). */
    double draw;
    final RetryBackoff backoff = new RetryBackoff(clock, () -> draw);

    /** Fails {@code key} again and again, each retry on time, until the delays reach the cap; returns them. */
    List<Duration> failUntilTheCap(String key, Kind kind) {
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Duration d = backoff.failed(key, kind, 7);
            delays.add(d);
            clock.advance(d);
        }
        return delays;
    }

    @Test
    @DisplayName("Without jitter, the delays should start at 2 s, grow as long as the failure has lasted, and stop at the cap")
    void scheduleWithoutJitter() {
        draw = 0;
        assertThat(failUntilTheCap("ns/a", Kind.LOOKUP)).extracting(Duration::toSeconds)
                .startsWith(2L, 2L, 4L, 8L, 16L, 32L, 60L, 60L);
        assertThat(failUntilTheCap("ns/b", Kind.PULL_SECRET)).extracting(Duration::toSeconds)
                .startsWith(2L, 2L, 4L, 8L, 16L, 30L, 30L);
        assertThat(failUntilTheCap("ns/c", Kind.WRITE)).extracting(Duration::toSeconds)
                .startsWith(2L, 2L, 4L, 8L, 15L, 15L);
    }

    @Test
    @DisplayName("With the most jitter, each delay should be half the nominal one: still growing, and at the cap half of it")
    void scheduleWithTheMostJitter() {
        draw = 1;
        List<Duration> delays = failUntilTheCap("ns/a", Kind.LOOKUP);
        assertThat(delays).first().isEqualTo(Duration.ofSeconds(1));
        assertThat(delays).last().isEqualTo(Duration.ofSeconds(30));
        for (int i = 1; i < delays.size(); i++) {
            assertThat(delays.get(i)).as("delay %d", i).isGreaterThanOrEqualTo(delays.get(i - 1));
        }
    }

    @Test
    @DisplayName("With random jitter, every delay should lie between half the nominal delay and the nominal delay, "
            + "and at the cap the delays should spread over [cap/2, cap]")
    void jitterBounds() {
        SplittableRandom random = new SplittableRandom(42);
        RetryBackoff jittered = new RetryBackoff(clock, random::nextDouble);
        Duration since = Duration.ZERO;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 500; i++) {
            long nominal = Math.max(2_000, Math.min(60_000, since.toMillis()));
            Duration d = jittered.failed("ns/a", Kind.LOOKUP, 1);
            assertThat(d.toMillis()).as("delay %d after %s", i, since).isBetween(nominal / 2, nominal);
            if (nominal == 60_000) {
                min = Math.min(min, d.toMillis());
                max = Math.max(max, d.toMillis());
            }
            clock.advance(d);
            since = since.plus(d);
        }
        // 490-odd draws at the cap: they cover the range, so 1,000 HostedClusters failing together drift apart
        assertThat(min).isLessThan(32_000);
        assertThat(max).isGreaterThan(58_000);
    }

    @Test
    @DisplayName("A success should reset the backoff, and so should a change of inputs or of what failed")
    void reset() {
        draw = 0;
        failUntilTheCap("ns/a", Kind.LOOKUP);
        assertThat(backoff.failed("ns/a", Kind.LOOKUP, 7)).isEqualTo(Duration.ofSeconds(60));

        backoff.succeeded("ns/a");
        assertThat(backoff.size()).isZero();
        assertThat(backoff.failed("ns/a", Kind.LOOKUP, 7)).isEqualTo(RetryBackoff.FIRST);

        failUntilTheCap("ns/a", Kind.LOOKUP);
        assertThat(backoff.failed("ns/a", Kind.LOOKUP, 8)).as("the HostedCluster, its pull secret or the mirrors changed")
                .isEqualTo(RetryBackoff.FIRST);

        failUntilTheCap("ns/a", Kind.LOOKUP);
        assertThat(backoff.failed("ns/a", Kind.PULL_SECRET, 7)).as("another kind of failure").isEqualTo(RetryBackoff.FIRST);
    }

    @Test
    @DisplayName("Extra reconciles (other events) should not push the delay up: it follows how long the failure lasted")
    void extraReconcilesDoNotGrowTheDelay() {
        draw = 0;
        backoff.failed("ns/a", Kind.LOOKUP, 7);
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMillis(100));
            backoff.failed("ns/a", Kind.LOOKUP, 7);
        }
        clock.advance(Duration.ofSeconds(5));
        assertThat(backoff.failed("ns/a", Kind.LOOKUP, 7)).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    @DisplayName("Each HostedCluster should back off on its own, and a deleted or long-untouched one should be forgotten")
    void boundedState() {
        draw = 0;
        failUntilTheCap("ns/a", Kind.LOOKUP);
        assertThat(backoff.failed("ns/b", Kind.LOOKUP, 7)).as("another HostedCluster").isEqualTo(RetryBackoff.FIRST);
        assertThat(backoff.size()).isEqualTo(2);

        backoff.forget("ns/b");
        assertThat(backoff.size()).isEqualTo(1);

        // ns/a is gone without a cleanup (say its finalizer was removed by hand): a later failure sweeps it out
        clock.advance(RetryBackoff.STALE.plusMinutes(1));
        backoff.failed("ns/c", Kind.LOOKUP, 7);
        assertThat(backoff.size()).isEqualTo(1);
        for (int i = 0; i < 1_000; i++) {
            backoff.failed("ns/many-" + i, Kind.LOOKUP, 7);
            backoff.succeeded("ns/many-" + i);
        }
        assertThat(backoff.size()).isEqualTo(1);
    }
}
