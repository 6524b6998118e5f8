package io.hypershift.ignition.translate;

/** SEAM (see {@link ImageLocator}): no candidate serves an image; the message lists each candidate and why. */
public class ImageLookupException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImageLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
