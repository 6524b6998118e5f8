package io.hypershift.ignition.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Responses in the log at most once per interval at INFO: the first one logs at once, the ones after it are counted
 * (and logged at DEBUG for 200s) and reported as one line with their number at the first response after the interval.
 * The request counter metric keeps the exact count. Two are used: 401s ({@link #unauthorized}) and 200s
 * ({@link #served}), one instance each. No line carries a token; a 200 names the Secret it matched.
 */
final class IntervalLog {
    private static final Logger LOG = LoggerFactory.getLogger(IgnitionHandler.class);

    private final Clock clock;
    private final Duration interval;
    private Instant next = Instant.MIN;
    private long suppressed;

    IntervalLog(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    /** A 401: at INFO once per interval, with the number of 401s since the last line. */
    void unauthorized(Object remote) {
        long before = admit();
        if (before == 0) {
            LOG.info("401 for {}: missing or unknown token", remote);
        } else if (before > 0) {
            LOG.info("401 for {}: missing or unknown token ({} more 401s in the {} before, not logged one by one)",
                    remote, before, interval);
        }
    }

    /** A 200: at INFO once per interval, with the number of 200s since the last INFO line; at DEBUG otherwise. */
    void served(String secretName, Object remote, int bytes) {
        long before = admit();
        if (before == 0) {
            LOG.info("200 for token Secret {} from {} ({} bytes)", secretName, remote, bytes);
        } else if (before > 0) {
            LOG.info("200 for token Secret {} from {} ({} bytes; {} more 200s in the {} before, logged at DEBUG)",
                    secretName, remote, bytes, before, interval);
        } else {
            LOG.debug("200 for token Secret {} from {} ({} bytes)", secretName, remote, bytes);
        }
    }

    /** -1 if this one is within the interval (counted), else how many were counted since the last admitted one. */
    private synchronized long admit() {
        Instant now = clock.instant();
        if (now.isBefore(next)) {
            suppressed++;
            return -1;
        }
        long before = suppressed;
        suppressed = 0;
        next = now.plus(interval);
        return before;
    }
}
