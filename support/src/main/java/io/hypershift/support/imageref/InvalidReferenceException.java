package io.hypershift.support.imageref;

/** An image reference or mirror source that does not follow the docker reference grammar. */
public class InvalidReferenceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String input;

    public InvalidReferenceException(String input, String reason) {
        super("invalid image reference \"" + input + "\": " + reason);
        this.input = input;
    }

    /** The text that failed to parse. */
    public String input() {
        return input;
    }
}
