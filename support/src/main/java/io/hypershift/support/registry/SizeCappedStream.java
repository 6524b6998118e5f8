package io.hypershift.support.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A body that may not be longer than the size its descriptor declared: a registry that sends more fails the read at
 * the first byte past it (before the digest is ever checked), so an endless body costs at most the declared size.
 */
final class SizeCappedStream extends FilterInputStream {
    private final long limit;
    private final RegistryResponseException tooLong;
    private long read;

    SizeCappedStream(InputStream in, long limit, RegistryResponseException tooLong) {
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
        // ask for one byte more than is left, so that an overlong body shows itself
        int n = super.read(b, off, (int) Math.min(len, limit - read + 1));
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(int n) throws IOException {
        read += n;
        if (read > limit) {
            close();
            throw tooLong;
        }
    }
}
