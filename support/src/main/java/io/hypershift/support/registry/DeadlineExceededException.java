package io.hypershift.support.registry;

import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** A request ran past its own total deadline or its lookup's: the message says which. */
final class DeadlineExceededException extends HttpTimeoutException {
    private static final long serialVersionUID = 1L;

    DeadlineExceededException(String message) {
        super(message);
    }

    /** When one request must end: its own deadline from now, or the current lookup's if that comes first. */
    record Cutoff(long atNanos, String description) {
        static Cutoff forRequest(Duration request) {
            long own = System.nanoTime() + request.toNanos();
            LookupDeadline lookup = LookupDeadline.current();
            if (lookup != null && lookup.deadlineNanos() - own < 0) {
                return new Cutoff(lookup.deadlineNanos(), "the lookup's deadline of " + seconds(lookup.budget()));
            }
            return new Cutoff(own, "the request's deadline of " + seconds(request));
        }

        long remainingMillis() {
            return Math.max(0, (atNanos - System.nanoTime()) / 1_000_000);
        }

        boolean passed() {
            return atNanos - System.nanoTime() <= 0;
        }

        DeadlineExceededException exceeded(String during) {
            return new DeadlineExceededException(description + " passed " + during);
        }

        private static String seconds(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
        }
    }
}
