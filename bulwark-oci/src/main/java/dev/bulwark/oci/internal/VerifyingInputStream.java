package dev.bulwark.oci.internal;

import dev.bulwark.oci.BlobMismatchException;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a blob through and, at its end, fails unless its SHA-256 and length match the descriptor; fails as soon as
 * more bytes arrive than the descriptor's size, so a size lie never makes it read unbounded data. A reader that
 * stops early (a tar reader at the end-of-archive blocks, a decompressor before trailing bytes) cannot skip the
 * check: closing reads the rest, at most the descriptor's size, and fails then. Not API.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final Descriptor expected;
    private final String where;
    /** openssl hashes past its first 512 KiB (see {@link dev.bulwark.core.StreamingSha256}): layers are most of it. */
    private final dev.bulwark.core.StreamingSha256 sha = new dev.bulwark.core.StreamingSha256();
    private long count;
    private boolean checked;
    private boolean closed;
    /** Set once the blob failed its check; every later read and the close fail again with it. */
    private String failure;
    /** Set when the hash itself could not be taken (openssl failed): the blob is unchecked, so nothing reads on. */
    private IOException unhashed;

    /** {@code where} names the store or reference the blob is read from, for the error message. */
    public VerifyingInputStream(InputStream in, Descriptor expected, String where) {
        super(in);
        this.expected = expected;
        this.where = where;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw new BlobMismatchException(expected.digest(), failure);
        }
        if (unhashed != null) {
            throw new IOException(unhashed.getMessage(), unhashed);
        }
        if (checked) {
            return -1;
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            check();
            return -1;
        }
        sha.update(b, off, n);
        count += n;
        if (count > expected.size()) {
            fail("size mismatch (more than the " + expected.size() + " bytes its descriptor says)");
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void mark(int readlimit) {
        // not supported: every byte must pass the hash once
    }

    @Override
    public void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** Reads what the consumer left (at most the descriptor's size), checks, then closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (failure != null) {
            in.close();
            throw new BlobMismatchException(expected.digest(), failure);
        }
        if (unhashed != null) {
            in.close();
            throw new IOException(unhashed.getMessage(), unhashed);
        }
        try {
            byte[] buf = new byte[65536];
            while (!checked) {
                read(buf, 0, buf.length);
            }
        } finally {
            sha.abandon();
            in.close();
        }
    }

    private void check() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        if (count != expected.size()) {
            sha.abandon();
            fail("size mismatch (" + count + " bytes, its descriptor says " + expected.size() + ")");
        }
        Digest actual;
        try {
            actual = Digest.fromHash(sha.digest());
        } catch (IOException e) {
            unhashed = new IOException("cannot check blob " + expected.digest() + " of " + where + ": " + e.getMessage(), e);
            throw unhashed;
        }
        if (!actual.equals(expected.digest())) {
            fail("digest mismatch (got " + actual + ")");
        }
    }

    private void fail(String cause) throws BlobMismatchException {
        checked = true;
        sha.abandon();
        failure = "cannot read blob " + expected.digest() + " of " + where + ": " + cause
                + "; the store does not hold the bytes the image names: fetch or rebuild it from a trusted source";
        throw new BlobMismatchException(expected.digest(), failure);
    }
}
