package dev.bulwark.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * A window of {@code length} bytes onto another stream or a file: it never reads past the window, and when the
 * source ends before the window does it either ends too ({@link #atMost}) or throws the caller's exception
 * ({@link #exactly}), so that each caller keeps its own words for a truncated input. Closing it leaves the source
 * open unless {@link #closingSource()} says otherwise.
 */
public final class BoundedInputStream extends InputStream {
    private static final int BUFFER = 1 << 16;

    /** One of {@code in} or {@code file} is the source; a file is read at {@code offset} plus what was consumed. */
    private final InputStream in;
    private final FileChannel file;
    private final long offset;
    private final long length;
    private final Supplier<? extends IOException> truncated;
    private final LongConsumer onRead;
    private final boolean closeSource;
    private long consumed;

    private BoundedInputStream(InputStream in, FileChannel file, long offset, long length,
                               Supplier<? extends IOException> truncated, LongConsumer onRead, boolean closeSource) {
        if (length < 0 || offset < 0) {
            throw new IllegalArgumentException("offset or length is negative: " + offset + ", " + length);
        }
        this.in = in;
        this.file = file;
        this.offset = offset;
        this.length = length;
        this.truncated = truncated;
        this.onRead = onRead;
        this.closeSource = closeSource;
    }

    /** Exactly {@code length} bytes of {@code in}; if it ends sooner, a read throws {@code truncated.get()}. */
    public static BoundedInputStream exactly(InputStream in, long length, Supplier<? extends IOException> truncated) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(truncated, "truncated");
        return new BoundedInputStream(in, null, 0, length, truncated, n -> { }, false);
    }

    /** The bytes [offset, offset+length) of {@code file} by positional reads, so the channel's position never matters. */
    public static BoundedInputStream exactly(FileChannel file, long offset, long length,
                                             Supplier<? extends IOException> truncated) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(truncated, "truncated");
        return new BoundedInputStream(null, file, offset, length, truncated, n -> { }, false);
    }

    /** At most {@code length} bytes of {@code in}; ends early when {@code in} does. */
    public static BoundedInputStream atMost(InputStream in, long length) {
        Objects.requireNonNull(in, "in");
        return new BoundedInputStream(in, null, 0, length, null, n -> { }, false);
    }

    /** The same window, telling {@code counter} the number of bytes each read returned. */
    public BoundedInputStream reporting(LongConsumer counter) {
        Objects.requireNonNull(counter, "counter");
        return new BoundedInputStream(in, file, offset, length, truncated, counter, closeSource);
    }

    /** The same window, closing its source (stream or file) when it is closed. */
    public BoundedInputStream closingSource() {
        return new BoundedInputStream(in, file, offset, length, truncated, onRead, true);
    }

    /** Bytes of the window not read yet. */
    public long remaining() {
        return length - consumed;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (consumed >= length) {
            return -1;
        }
        int want = (int) Math.min(len, length - consumed);
        int n = in != null ? in.read(b, off, want) : file.read(ByteBuffer.wrap(b, off, want), offset + consumed);
        if (n < 0) {
            if (truncated != null) {
                throw truncated.get();
            }
            return -1;
        }
        consumed += n;
        onRead.accept(n);
        return n;
    }

    /**
     * Drops what is left of the window: by reading it, so that a hashing stream underneath sees every byte, unless
     * the source is one nothing checks ({@link SkipsUnread}), which jumps over it.
     */
    public void skipRest() throws IOException {
        if (in instanceof SkipsUnread unread && remaining() > 0) {
            long want = remaining();
            long n = unread.skipUpTo(want);
            consumed += n;
            onRead.accept(n);
            if (n < want && truncated != null) {
                throw truncated.get();
            }
            return;
        }
        byte[] scratch = new byte[(int) Math.min(BUFFER, Math.max(1, remaining()))];
        while (read(scratch, 0, scratch.length) >= 0) {
            // dropped
        }
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        byte[] scratch = new byte[(int) Math.min(BUFFER, Math.max(1, remaining()))];
        long total = 0;
        for (int n = read(scratch, 0, scratch.length); n >= 0; n = read(scratch, 0, scratch.length)) {
            out.write(scratch, 0, n);
            total += n;
        }
        return total;
    }

    @Override
    public int available() throws IOException {
        long left = in != null ? Math.min(remaining(), in.available()) : remaining();
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    @Override
    public void close() throws IOException {
        if (closeSource) {
            if (in != null) {
                in.close();
            } else {
                file.close();
            }
        }
    }
}
