package io.hypershift.support.registryoverride;

/**
 * Something wrong in a mirror policy: which object (with its file and document when it came from one), which field,
 * and what. The operators skip the bad piece and report it. The offline commands show what the operators build:
 * they exit 2 only on an error the API server would have refused the object for ({@link #rejectedByApiServer()}),
 * and print every other problem as a warning.
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

    /**
     * An error in an ImageDigestMirrorSet, whose CRD validates sources, mirrors and the source policy, so such an
     * object never reaches an operator. An ImageContentSourcePolicy (operator.openshift.io/v1alpha1) has no such
     * validation: the API server stores it and the operators build around the bad entry.
     */
    public boolean rejectedByApiServer() {
        return isError() && !field.startsWith(ICSP_ENTRIES);
    }

    /** The field of an ImageContentSourcePolicy's entries. */
    public static final String ICSP_ENTRIES = "spec.repositoryDigestMirrors";
}
