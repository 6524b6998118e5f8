package io.hypershift.support.registryoverride;

import java.util.List;

/** A parsed override string and a warning for every piece that was skipped (SPEC §4: never drop silently). */
public record ParseResult<T>(T value, List<String> warnings) {
    public ParseResult {
        warnings = List.copyOf(warnings);
    }

    public boolean hasWarnings() {
        return !warnings.isEmpty();
    }
}
