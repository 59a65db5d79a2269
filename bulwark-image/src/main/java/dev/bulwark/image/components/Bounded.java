package dev.bulwark.image.components;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads that stop at a limit, so a file that claims (or holds) more than it should never fills memory. */
final class Bounded {

    /** Thrown when a limit is reached; the walk stops what it was reading and notes why. */
    static final class LimitException extends IOException {
        LimitException(String message) {
            super(message);
        }
    }

    private Bounded() {
    }

    /** Up to {@code max} bytes of {@code in}, or null when it holds more. Does not close {@code in}. */
    static byte[] read(InputStream in, int max) throws IOException {
        byte[] buf = new byte[Math.min(max + 1, 8192)];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (buf.length > max) {
                    return null;
                }
                buf = Arrays.copyOf(buf, Math.min(max + 1, buf.length * 2));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                return Arrays.copyOf(buf, n);
            }
            n += r;
        }
    }

    /** A shared byte budget: every stream made by {@link #counting} takes from it, and fails once it is spent. */
    static final class Budget {
        private final long limit;
        private final String what;
        private long used;

        Budget(long limit, String what) {
            this.limit = limit;
            this.what = what;
        }

        boolean spent() {
            return used > limit;
        }

        /** {@code in}, counted against this budget; closing it does not close {@code in}. */
        InputStream counting(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    take(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    take(Math.max(n, 0));
                    return n;
                }

                @Override
                public void close() {
                    // the enclosing stream is still being read
                }
            };
        }

        private void take(long n) throws LimitException {
            used += n;
            if (used > limit) {
                throw new LimitException(what + " exceed " + (limit >> 20) + " MiB");
            }
        }
    }
}
