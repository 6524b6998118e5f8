package io.hypershift.support.registry;

/** A pull secret that cannot be read. The message names the secret and field, never a credential. */
public class InvalidPullSecretException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPullSecretException(String message) {
        super(message);
    }
}
