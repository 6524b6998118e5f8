package io.hypershift.ignition.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 401s in the log at most once per interval: the first one logs at once, the ones after it are counted and logged as
 * one line with their number when the interval is over. The request counter metric keeps the exact count.
 */
final class UnauthorizedLog {
    private static final Logger LOG = LoggerFactory.getLogger(IgnitionHandler.class);

    private final Clock clock;
    private final Duration interval;
    private Instant next = Instant.MIN;
    private long suppressed;

    UnauthorizedLog(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    synchronized void unauthorized(Object remote) {
        Instant now = clock.instant();
        if (now.isBefore(next)) {
            suppressed++;
            return;
        }
        if (suppressed == 0) {
            LOG.info("401 for {}: missing or unknown token", remote);
        } else {
            LOG.info("401 for {}: missing or unknown token ({} more 401s in the {} before, not logged one by one)",
                    remote, suppressed, interval);
        }
        suppressed = 0;
        next = now.plus(interval);
    }
}
