package io.hypershift.support.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 digests in the {@code sha256:<hex>} form, and a stream that checks one at its end. */
public final class Digests {
    private Digests() {}

    public static String sha256(byte[] data) {
        return "sha256:" + HexFormat.of().formatHex(newSha256().digest(data));
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the client can check a digest of this algorithm (only sha256, as registries use). */
    static boolean isSupported(String digest) {
        return digest.startsWith("sha256:") && digest.length() == 71;
    }

    /**
     * A stream that hashes what it reads and, at the end of the data, throws {@link DigestMismatchException} if the
     * content does not hash to {@code expected}. Reading stops being trustworthy only at EOF: callers that stop early
     * must {@link #drain()} to check the digest.
     */
    public static final class VerifyingInputStream extends FilterInputStream {
        private final MessageDigest md = newSha256();
        private final String expected;
        private final String registry;
        private final String repository;
        private final String what;
        private boolean verified;

        VerifyingInputStream(InputStream in, String expected, String registry, String repository, String what) {
            super(in);
            this.expected = expected;
            this.registry = registry;
            this.repository = repository;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                verify();
            } else {
                md.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
                verify();
            } else {
                md.update(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
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

        /** Reads to the end, checking the digest. */
        public void drain() throws IOException {
            byte[] buf = new byte[64 * 1024];
            while (read(buf, 0, buf.length) >= 0) {
                // hashing
            }
        }

        private void verify() throws DigestMismatchException {
            if (verified) {
                return;
            }
            verified = true;
            String actual = "sha256:" + HexFormat.of().formatHex(md.digest());
            if (!actual.equals(expected)) {
                throw new DigestMismatchException(registry, repository, what, expected, actual);
            }
        }
    }
}
