package io.hypershift.support.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A stream that may not be longer than {@code limit} bytes: the read that goes past it closes the stream and throws
 * the caller's exception, so an endless source costs at most the limit. Reads ask for one byte more than is left, so
 * an overlong source shows itself at once; skips count too.
 */
public final class BoundedInputStream extends FilterInputStream {
    private final long limit;
    private final Supplier<? extends IOException> tooLong;
    private long read;

    public BoundedInputStream(InputStream in, long limit, Supplier<? extends IOException> tooLong) {
        super(in);
        this.limit = limit;
        this.tooLong = tooLong;
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
        int n = super.read(b, off, (int) Math.min(len, limit - read + 1));
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return count(super.skip(Math.min(n, limit - read + 1)));
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private long count(long n) throws IOException {
        read += n;
        if (read > limit) {
            close();
            throw tooLong.get();
        }
        return n;
    }
}
