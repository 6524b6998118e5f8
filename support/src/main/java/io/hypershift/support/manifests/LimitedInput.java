package io.hypershift.support.manifests;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A manifest stream that ends in an error past {@link Manifests#MAX_FILE_BYTES} (a pipe, {@code /dev/zero}). */
final class LimitedInput extends FilterInputStream {
    /** The stream went past the limit. */
    static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        TooLong(String message) {
            super(message);
        }
    }

    private final String name;
    private long read;

    LimitedInput(InputStream in, String name) {
        super(in);
        this.name = name;
    }

    static String tooLong(String name) {
        return name + ": more than " + (Manifests.MAX_FILE_BYTES >> 20) + " MiB; a manifest file this large is "
                + "refused unread";
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws TooLong {
        read += n;
        if (read > Manifests.MAX_FILE_BYTES) {
            throw new TooLong(tooLong(name));
        }
    }
}
