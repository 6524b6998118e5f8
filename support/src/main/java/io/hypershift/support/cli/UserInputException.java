package io.hypershift.support.cli;

/**
 * Bad input from the user (a file, a flag value, an image reference). The three binaries print its message as one
 * line on stderr and exit 2, with no stack trace.
 */
public class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
