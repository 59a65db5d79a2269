package dev.bulwark.oci.internal;

import dev.bulwark.core.StreamingSha256;
import dev.bulwark.oci.Digest;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes bytes through while computing their SHA-256 and counting them. Not API. */
public final class HashingOutputStream extends FilterOutputStream {
    private final StreamingSha256 sha;
    private long count;
    private Digest digest;

    public HashingOutputStream(OutputStream out) {
        this(out, new StreamingSha256(false));
    }

    private HashingOutputStream(OutputStream out, StreamingSha256 sha) {
        super(out);
        this.sha = sha;
    }

    /**
     * For streams that may be large (layers): past 512 KiB the host's openssl hashes them (see
     * {@link StreamingSha256}); the caller calls {@link #abandon()} when it gives the stream up before {@link #digest()}.
     */
    public static HashingOutputStream large(OutputStream out) {
        return new HashingOutputStream(out, new StreamingSha256());
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

    /** The digest of everything written; after the last write. Later calls give the same digest. */
    public Digest digest() throws IOException {
        if (digest == null) {
            digest = Digest.fromHash(sha.digest());
        }
        return digest;
    }

    /** Stops the hashing of a stream given up (a failed write), so no openssl is left waiting. */
    public void abandon() {
        sha.abandon();
    }
}
