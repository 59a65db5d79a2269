package dev.bulwark.oci.internal;

import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a blob through and, at its end, fails unless its SHA-256 and length match the descriptor; also fails as
 * soon as more bytes arrive than the descriptor's size. Not API.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final Descriptor expected;
    private final String what;
    private final MessageDigest sha = Digest.sha256();
    private long count;
    private boolean checked;

    public VerifyingInputStream(InputStream in, Descriptor expected, String what) {
        super(in);
        this.expected = expected;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            check();
            return -1;
        }
        sha.update(b, off, n);
        count += n;
        if (count > expected.size()) {
            throw new IOException("cannot read " + what + ": more than the " + expected.size() + " bytes its descriptor says");
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

    private void check() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        Digest actual = Digest.fromHash(sha.digest());
        if (count != expected.size() || !actual.equals(expected.digest())) {
            throw new IOException("cannot read " + what + ": its content has digest " + actual + " and size " + count
                    + ", not " + expected.digest() + " and " + expected.size());
        }
    }
}
