package io.hypershift.support.registryoverride;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed override string and a warning for every piece that was skipped (SPEC §4: never drop silently); past
 * {@link #MAX_WARNINGS}, one more line says how many were left out.
 */
public record ParseResult<T>(T value, List<String> warnings) {
    public static final int MAX_WARNINGS = 20;

    public ParseResult {
        if (warnings.size() > MAX_WARNINGS) {
            List<String> kept = new ArrayList<>(warnings.subList(0, MAX_WARNINGS));
            kept.add((warnings.size() - MAX_WARNINGS) + " more warnings like these not shown");
            warnings = kept;
        }
        warnings = List.copyOf(warnings);
    }

    public boolean hasWarnings() {
        return !warnings.isEmpty();
    }
}
