package io.hypershift.support.releaseinfo;

import io.hypershift.support.registry.RegistryException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** Collects why each candidate failed, logs each failure, and builds the message that lists them all. */
final class Candidates {
    private final String what;
    private final List<String> failures = new ArrayList<>();
    private Throwable last;

    Candidates(String what) {
        this.what = what;
    }

    void failed(Logger log, String candidate, Throwable cause) {
        String reason = cause.getMessage();
        failures.add(candidate + ": " + reason);
        last = cause;
        Throwable root = cause instanceof RegistryException ? cause : cause.getCause();
        log.warn("{}: candidate {} failed ({}): {}", what, candidate,
                root instanceof RegistryException re ? re.reason() : cause.getClass().getSimpleName(), reason);
    }

    Throwable lastCause() {
        return last;
    }

    /** {@code <what>: every candidate failed: [c1: why]; [c2: why]}. */
    String message() {
        if (failures.isEmpty()) {
            return what + ": no candidate to try (its source is NeverContactSource and has no mirrors)";
        }
        StringBuilder sb = new StringBuilder(what).append(": ");
        sb.append(failures.size() == 1 ? "the only candidate failed: " : "all " + failures.size() + " candidates failed: ");
        for (int i = 0; i < failures.size(); i++) {
            sb.append(i == 0 ? "" : "; ").append('[').append(failures.get(i)).append(']');
        }
        return sb.toString();
    }
}
