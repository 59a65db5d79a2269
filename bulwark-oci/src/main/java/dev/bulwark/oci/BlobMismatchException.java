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

    /** The mismatch behind a failure, looking through its causes, or null when there is none. */
    public static BlobMismatchException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BlobMismatchException m) {
                return m;
            }
        }
        return null;
    }
}
