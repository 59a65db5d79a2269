package dev.bulwark.oci;

import java.io.IOException;

/**
 * A blob's bytes do not match the descriptor they were read for: another digest, or more or fewer bytes than its
 * size. Thrown from the streams sources hand out (at their end, or when closed early) so readers that see
 * {@link IOException}s can tell an untrustworthy store (exit 3) from a malformed image.
 */
public final class BlobMismatchException extends IOException {
    private final Digest expected;

    public BlobMismatchException(Digest expected, String message) {
        super(message);
        this.expected = expected;
    }

    public Digest expected() {
        return expected;
    }

    /**
     * The mismatch behind a failure, or null: looked for in its causes and in what was suppressed while closing
     * (a decompressor or tar reader may choke on tampered bytes before the stream's end; closing it then finds
     * the mismatch, which is the real cause).
     */
    public static BlobMismatchException in(Throwable t) {
        return in(t, 0);
    }

    private static BlobMismatchException in(Throwable t, int depth) {
        for (Throwable c = t; c != null && depth < 16; c = c.getCause(), depth++) {
            if (c instanceof BlobMismatchException m) {
                return m;
            }
            for (Throwable s : c.getSuppressed()) {
                BlobMismatchException m = in(s, depth + 1);
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }
}
