package io.hypershift.support.registryoverride;

/**
 * Something wrong in a mirror policy: which object (with its file and document when it came from one), which field,
 * and what. Errors make the CLI exit 2; the operators skip the bad piece and report it.
 */
public record PolicyProblem(Severity severity, String object, String field, String message) {
    public enum Severity { WARNING, ERROR }

    /** {@code <object>: <field>: <message>}, one line. */
    public String describe() {
        return object + ": " + field + ": " + message;
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
