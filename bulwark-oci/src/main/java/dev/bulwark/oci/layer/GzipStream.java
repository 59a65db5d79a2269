package dev.bulwark.oci.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip with a fixed header (no name, mtime 0, XFL 0, OS 255 "unknown", as Go's compress/gzip writes it) over raw
 * deflate at level 6, compressed on every core the way pigz does it: the input is cut into 1 MiB chunks at fixed
 * offsets, each chunk is deflated with the previous 32 KiB as its dictionary and ends with a sync flush, and the
 * pieces are concatenated into one ordinary deflate stream. The cut points depend only on the bytes, never on thread
 * timing, so the output is as reproducible as single-threaded zlib (same zlib, same bytes); a layer under 1 MiB is
 * exactly what a single deflate stream would give.
 */
final class GzipStream extends OutputStream {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int CHUNK = 1 << 20;
    private static final int WINDOW = 32 * 1024;
    private static final int LEVEL = 6;

    private final OutputStream out;
    private final CRC32 crc = new CRC32();
    private final ExecutorService pool;
    private final int maxPending;
    private final Deque<Future<byte[]>> pending = new ArrayDeque<>();
    private final int chunkSize;
    private byte[] chunk;
    private int filled;
    private byte[] dictionary;
    private long size;
    private boolean finished;

    GzipStream(OutputStream out) throws IOException {
        this(out, CHUNK);
    }

    /** As a layer's stream, with chunks of {@code chunkSize} bytes (at least the 32 KiB window): for a small probe. */
    GzipStream(OutputStream out, int chunkSize) throws IOException {
        if (chunkSize < WINDOW) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " is below the deflate window");
        }
        this.out = out;
        this.chunkSize = chunkSize;
        this.chunk = new byte[chunkSize];
        // Several layers compress at once on big machines: a few threads each keep CPU and memory (about 2 MiB per
        // chunk in flight) bounded.
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bulwark-gzip");
            t.setDaemon(true);
            return t;
        });
        this.maxPending = 2 * threads;
        out.write(HEADER);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        crc.update(b, off, len);
        size += len;
        while (len > 0) {
            int n = Math.min(len, chunkSize - filled);
            System.arraycopy(b, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == chunkSize) {
                submit(false);
            }
        }
    }

    /** Hands the current chunk to a compressor; its last 32 KiB become the next chunk's dictionary. */
    private void submit(boolean last) throws IOException {
        byte[] data = chunk;
        int length = filled;
        byte[] dict = dictionary;
        pending.addLast(pool.submit(() -> deflate(data, length, dict, last)));
        dictionary = length >= WINDOW ? Arrays.copyOfRange(data, length - WINDOW, length) : null;
        chunk = new byte[chunkSize];
        filled = 0;
        while (pending.size() > maxPending) {
            drainOne();
        }
    }

    private static byte[] deflate(byte[] data, int length, byte[] dictionary, boolean last) {
        Deflater deflater = new Deflater(LEVEL, true);
        try {
            if (dictionary != null) {
                deflater.setDictionary(dictionary);
            }
            deflater.setInput(data, 0, length);
            if (last) {
                deflater.finish();
            }
            ByteArrayOutputStream result = new ByteArrayOutputStream(length / 2 + 64);
            byte[] buffer = new byte[65536];
            while (true) {
                int n = deflater.deflate(buffer, 0, buffer.length, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
                result.write(buffer, 0, n);
                if (last ? deflater.finished() : n < buffer.length && deflater.needsInput()) {
                    return result.toByteArray();
                }
            }
        } finally {
            deflater.end();
        }
    }

    private void drainOne() throws IOException {
        try {
            out.write(pending.removeFirst().get());
        } catch (ExecutionException e) {
            throw new IOException("cannot compress a layer: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing a layer");
        }
    }

    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        submit(true);
        while (!pending.isEmpty()) {
            drainOne();
        }
        long c = crc.getValue();
        long s = size & 0xffffffffL;
        out.write(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
                (byte) s, (byte) (s >> 8), (byte) (s >> 16), (byte) (s >> 24)});
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            pool.shutdownNow();
            out.close();
        }
    }
}
