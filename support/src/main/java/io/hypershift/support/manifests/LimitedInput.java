package io.hypershift.support.manifests;

import io.hypershift.support.io.BoundedInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A manifest stream that ends in an error past {@link Manifests#MAX_FILE_BYTES} (a pipe, {@code /dev/zero}). */
final class LimitedInput {
    /** The stream went past the limit. */
    static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        TooLong(String message) {
            super(message);
        }
    }

    private LimitedInput() {}

    static InputStream of(InputStream in, String name) {
        return new BoundedInputStream(in, Manifests.MAX_FILE_BYTES, () -> new TooLong(tooLong(name)));
    }

    static String tooLong(String name) {
        return name + ": more than " + (Manifests.MAX_FILE_BYTES >> 20) + " MiB; a manifest file this large is "
                + "refused unread";
    }
}
