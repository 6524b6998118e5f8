package io.hypershift.support.releaseinfo;

import io.hypershift.support.text.SafeText;

/**
 * A release image that could not be looked up. The message lists each candidate and why it failed; it never contains
 * a credential. {@link #reason()} is a condition reason ({@code InvalidImage} by default).
 */
public class ReleaseLookupException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public ReleaseLookupException(String message) {
        this(message, "InvalidImage", null);
    }

    public ReleaseLookupException(String message, String reason, Throwable cause) {
        super(SafeText.message(message), cause);
        this.reason = reason;
    }

    /** A CamelCase condition reason for {@code ValidReleaseImage=False}. */
    public String reason() {
        return reason;
    }
}
