package io.hypershift.ignition.payload;

/** A payload that cannot be generated now. The message names what is missing or failed, never a secret. */
public class PayloadException extends Exception {
    private static final long serialVersionUID = 1L;

    public PayloadException(String message) {
        super(message);
    }

    public PayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
