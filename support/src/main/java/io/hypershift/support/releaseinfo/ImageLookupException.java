package io.hypershift.support.releaseinfo;

import io.hypershift.support.text.SafeText;

/** No candidate serves an image. The message lists each candidate and why it failed, never a credential. */
public class ImageLookupException extends Exception {
    private static final long serialVersionUID = 1L;

    public ImageLookupException(String message, Throwable cause) {
        super(SafeText.message(message), cause);
    }
}
