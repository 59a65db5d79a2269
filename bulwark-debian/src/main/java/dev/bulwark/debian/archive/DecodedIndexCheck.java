package dev.bulwark.debian.archive;

import dev.bulwark.core.Hex;
import dev.bulwark.core.StreamingSha256;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The decoded bytes of a compressed index, checked at their end against the uncompressed index's size and SHA-256
 * that the verified InRelease lists too: the compressed file was verified before decoding, and this proves the
 * decoder (the system xz, or gzip) gave back exactly what was signed. A mismatch fails the read that reaches the end,
 * so a reader that stops at end of stream never keeps what it read.
 */
final class DecodedIndexCheck extends FilterInputStream {
    private final Release.FileHash expected;
    private final String name;
    private final StreamingSha256 sha = new StreamingSha256();
    private long count;
    private boolean checked;
    private IOException failure;

    DecodedIndexCheck(InputStream decoded, Release.FileHash expected, String name) {
        super(decoded);
        this.expected = expected;
        this.name = name;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            check();
        } else {
            sha.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            check();
        } else if (n > 0) {
            sha.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        byte[] scratch = new byte[(int) Math.min(8192, n)];
        return Math.max(0, read(scratch, 0, scratch.length));
    }

    /** No mark: a reset would hash bytes twice. */
    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void mark(int limit) {
    }

    @Override
    public void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** At the end of the decoded bytes: they must be what the InRelease lists; a mismatch fails every later read too. */
    private void check() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (checked) {
            return;
        }
        checked = true;
        String got = Hex.encode(sha.digest());
        if (count != expected.size() || !got.equals(expected.sha256())) {
            failure = new CorruptionReportingStream.CorruptData("cannot use index " + name + ": it decoded to " + count
                    + " bytes with SHA-256 " + got + ", but the InRelease lists " + expected.size() + " bytes with SHA-256 "
                    + expected.sha256() + " for it uncompressed; the decoder (xz or gzip) is broken or not the system's",
                    null);
            throw failure;
        }
    }

    @Override
    public void close() throws IOException {
        if (!checked) {
            sha.abandon();
        }
        super.close();
    }
}
