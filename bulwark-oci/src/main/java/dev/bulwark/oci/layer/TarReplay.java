package dev.bulwark.oci.layer;

import dev.bulwark.core.tar.UstarHeader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The uncompressed tar of a layer {@link LayerWriter} wrote, produced again from the entries it was written from, so
 * that readers of a just-built image (its SBOM, its gates) get the tar without inflating the blob. The bytes are the
 * ones the writer hashed into the diff_id, rendered by the same {@link TarWriter} from the same entries, as long as
 * their content sources read what they read then: a replay is offered only while {@code anchor}, the directory those
 * sources live in (a build's work directory), still exists, and a content source that reads more or fewer bytes than
 * its entry's size fails the read, as it would have failed the write. A file a reader skips whole is not opened, so
 * its source's length is checked only by readers of its bytes.
 */
public final class TarReplay {
    private static final byte[] END = new byte[2 * 512];

    private final List<TarEntry> sorted;
    private final long sourceDateEpoch;
    private final Path anchor;

    TarReplay(List<TarEntry> sorted, long sourceDateEpoch, Path anchor) {
        this.sorted = List.copyOf(sorted);
        this.sourceDateEpoch = sourceDateEpoch;
        this.anchor = anchor;
    }

    /** Whether the entries' sources are still there (their directory exists). */
    public boolean usable() {
        return Files.isDirectory(anchor);
    }

    /** A fresh stream of the tar, byte for byte what the writer wrote before compressing. */
    public InputStream open() {
        return new Stream();
    }

    private final class Stream extends InputStream implements dev.bulwark.core.io.SkipsUnread {
        private final ByteArrayOutputStream headers = new ByteArrayOutputStream(1024);
        private final TarWriter writer = new TarWriter(headers, sourceDateEpoch);
        private int next;
        private byte[] pending = new byte[0];
        private int pendingAt;
        private TarEntry current;
        private InputStream content;
        private long contentLeft;
        private boolean ended;

        private final byte[] one = new byte[1];

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            while (true) {
                if (pendingAt < pending.length) {
                    int n = Math.min(len, pending.length - pendingAt);
                    System.arraycopy(pending, pendingAt, b, off, n);
                    pendingAt += n;
                    return n;
                }
                if (contentLeft > 0) {
                    return readContent(b, off, len);
                }
                if (!advance()) {
                    return -1;
                }
            }
        }

        @Override
        public long skip(long n) throws IOException {
            return n <= 0 ? 0 : skipUpTo(n);
        }

        /**
         * Drops bytes without rendering them where it can: a file whose whole content is dropped is never opened
         * (its source's length is checked only by a read that uses its bytes).
         */
        @Override
        public long skipUpTo(long n) throws IOException {
            long skipped = 0;
            byte[] scratch = null;
            while (skipped < n) {
                if (pendingAt < pending.length) {
                    int k = (int) Math.min(n - skipped, pending.length - pendingAt);
                    pendingAt += k;
                    skipped += k;
                } else if (contentLeft > 0 && content == null && n - skipped >= contentLeft) {
                    skipped += contentLeft;
                    contentLeft = 0;
                    pending = new byte[UstarHeader.padding(current.size())];
                    pendingAt = 0;
                } else if (contentLeft > 0) {
                    scratch = scratch != null ? scratch : new byte[(int) Math.min(1 << 16, n - skipped)];
                    skipped += readContent(scratch, 0, (int) Math.min(scratch.length, n - skipped));
                } else if (!advance()) {
                    break;
                }
            }
            return skipped;
        }

        private int readContent(byte[] b, int off, int len) throws IOException {
            if (content == null) {
                content = current.content().open();
            }
            int n = content.read(b, off, (int) Math.min(len, contentLeft));
            if (n < 0) {
                throw new IOException("cannot replay " + current.path() + ": its content is now shorter than "
                        + current.size() + " bytes");
            }
            contentLeft -= n;
            if (contentLeft == 0) {
                boolean longer = content.read() >= 0;
                closeContent();
                if (longer) {
                    throw new IOException("cannot replay " + current.path() + ": its content is now longer than "
                            + current.size() + " bytes");
                }
                pending = new byte[UstarHeader.padding(current.size())];
                pendingAt = 0;
            }
            return n;
        }

        /** Moves to the next entry's headers (or the end blocks); false past the end. */
        private boolean advance() {
            if (next == sorted.size()) {
                if (ended) {
                    return false;
                }
                ended = true;
                pending = END;
                pendingAt = 0;
                return true;
            }
            current = sorted.get(next++);
            headers.reset();
            try {
                writer.writeHeaders(current);
            } catch (IOException e) {
                throw new UncheckedIOException(e);   // a ByteArrayOutputStream does not fail
            }
            pending = headers.toByteArray();
            pendingAt = 0;
            contentLeft = current.type() == TarEntry.Type.FILE ? current.size() : 0;
            return true;
        }

        private void closeContent() throws IOException {
            if (content != null) {
                InputStream c = content;
                content = null;
                c.close();
            }
        }

        @Override
        public void close() throws IOException {
            closeContent();
        }
    }
}
