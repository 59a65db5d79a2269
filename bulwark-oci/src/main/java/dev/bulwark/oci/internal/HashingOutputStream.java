package dev.bulwark.oci.internal;

import dev.bulwark.oci.Digest;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Passes bytes through while computing their SHA-256 and counting them. Not API. */
public final class HashingOutputStream extends FilterOutputStream {
    private final MessageDigest sha = Digest.sha256();
    private long count;

    public HashingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha.update(b, off, len);
        count += len;
    }

    public long count() {
        return count;
    }

    /** The digest of everything written so far; call once, after the last write. */
    public Digest digest() {
        return Digest.fromHash(sha.digest());
    }
}
