package dev.bulwark.core.tar;

import dev.bulwark.core.io.BoundedInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads a tar stream one entry at a time: ustar, GNU long names ({@code L}, {@code K}) and PAX extended headers
 * ({@code x}; global {@code g} headers are skipped). Header checksums are verified, numbers may be octal or base-256
 * and must not overflow, and the archive must end with two zero blocks. An entry's content is read through
 * {@link #content()} until the next call to {@link #next()}; whatever is skipped is read, not sought past, so that a
 * hashing stream underneath sees every byte. Does not close the stream.
 *
 * <p>Format errors are {@link TarException}s. A stream that ends early raises the caller's own {@link IOException},
 * made by {@code truncated} from a sentence such as "truncated: the archive ends inside a header block".
 */
public final class TarReader {
    public static final int BLOCK = 512;
    private static final int MAX_EXTENSION = 1 << 20;
    private static final long MAX_TRAILER = 16L << 20;
    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final Function<String, ? extends IOException> truncated;
    private final byte[] header = new byte[BLOCK];
    private final Extensions ext = new Extensions();
    private BoundedInputStream content;
    private long offset;
    private long padding;
    private TarHeader current;

    public TarReader(InputStream in, Function<String, ? extends IOException> truncated) {
        this.in = Objects.requireNonNull(in, "in");
        this.truncated = Objects.requireNonNull(truncated, "truncated");
        this.content = BoundedInputStream.exactly(in, 0, this::contentTruncated);
    }

    /** Moves to the next entry, skipping what is left of the current one; null at the end of the archive. */
    public TarHeader next() throws IOException, TarException {
        offset += current == null ? 0 : current.size();
        content.skipRest();
        skip(padding);
        padding = 0;
        current = null;
        ext.clear();
        for (;;) {
            long at = offset;
            if (!readHeader()) {
                throw truncated.apply("truncated: the archive ends without end-of-archive blocks");
            }
            if (isZeroBlock()) {
                if (!readHeader() || !isZeroBlock()) {
                    throw new TarException(null, "a single zero block at offset " + at
                            + " is not followed by a second one");
                }
                if (ext.pending()) {
                    throw new TarException(null, "an extended header at the end of the archive is not followed"
                            + " by an entry");
                }
                return null;
            }
            String rawName = headerName();
            verifyChecksum(rawName, at);
            char t = (char) (header[156] & 0xff);
            long sz = number(124, 12, "size", rawName);
            switch (t) {
                case 'L' -> ext.longName = gnuExtension(sz, rawName);
                case 'K' -> ext.longLink = gnuExtension(sz, rawName);
                case 'x' -> ext.pax(extension(sz, rawName));
                case 'g' -> extension(sz, rawName);
                default -> {
                    return entry(t, rawName, sz);
                }
            }
        }
    }

    private TarHeader entry(char t, String rawName, long sz) throws TarException {
        String name = ext.path != null ? ext.path : ext.longName != null ? ext.longName : rawName;
        char plain = t == '\0' ? TarHeader.FILE : t;
        char type = plain == TarHeader.FILE && name.endsWith("/") ? TarHeader.DIRECTORY : plain;
        long size = ext.size >= 0 ? ext.size : sz;
        current = new TarHeader(name, type, (int) (number(100, 8, "mode", name) & 07777),
                ext.uid >= 0 ? ext.uid : number(108, 8, "uid", name),
                ext.gid >= 0 ? ext.gid : number(116, 8, "gid", name),
                ext.uname != null ? ext.uname : field(265, 32),
                ext.gname != null ? ext.gname : field(297, 32),
                size,
                ext.mtime != Long.MIN_VALUE ? ext.mtime : number(136, 12, "mtime", name),
                ext.linkPath != null ? ext.linkPath : ext.longLink != null ? ext.longLink : field(157, 100),
                ext.sawPax);
        content = BoundedInputStream.exactly(in, size, this::contentTruncated);
        padding = (BLOCK - size % BLOCK) % BLOCK;
        return current;
    }

    /** After {@link #next()} returned null: reads the rest of the stream, so that compressed data is verified. */
    public void finish() throws IOException, TarException {
        byte[] scratch = new byte[BUFFER];
        long trailer = 0;
        for (int n = in.read(scratch); n >= 0; n = in.read(scratch)) {
            trailer += n;
            if (trailer > MAX_TRAILER) {
                throw new TarException(null, "more than " + MAX_TRAILER + " bytes follow the end of the archive");
            }
        }
    }

    /** The entry {@link #next()} returned last, or null before the first and at the end. */
    public TarHeader current() {
        return current;
    }

    /** The current entry's content: exactly its size in bytes, until the next call to {@link #next()}. */
    public InputStream content() {
        return content;
    }

    private IOException contentTruncated() {
        return truncated.apply("truncated: the archive ends inside the entry's content");
    }

    private boolean readHeader() throws IOException {
        int n = in.readNBytes(header, 0, BLOCK);
        offset += n;
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw truncated.apply("truncated: the archive ends inside a header block");
        }
        return true;
    }

    private boolean isZeroBlock() {
        for (byte b : header) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private void verifyChecksum(String rawName, long at) throws TarException {
        long stored = number(148, 8, "checksum", rawName);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : header[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new TarException(rawName, "bad tar header checksum at offset " + at);
        }
    }

    private String headerName() {
        String base = field(0, 100);
        boolean posix = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r' && header[262] == 0;
        if (posix && header[345] != 0) {
            return field(345, 155) + "/" + base;
        }
        return base;
    }

    /** A NUL-terminated text field; "root", the commonest owner, is not decoded again for every entry. */
    private String field(int off, int len) {
        int end = off;
        while (end < off + len && header[end] != 0) {
            end++;
        }
        if (end - off == 4 && header[off] == 'r' && header[off + 1] == 'o' && header[off + 2] == 'o'
                && header[off + 3] == 't') {
            return "root";
        }
        return new String(header, off, end - off, StandardCharsets.UTF_8);
    }

    /** An octal (space or NUL terminated) or base-256 number field. */
    private long number(int off, int len, String what, String entry) throws TarException {
        int end = off + len;
        if ((header[off] & 0x80) != 0) {
            if ((header[off] & 0x40) != 0) {
                throw new TarException(entry, "negative " + what + " field");
            }
            long value = header[off] & 0x3f;
            for (int i = off + 1; i < end; i++) {
                if (value > (Long.MAX_VALUE >> 8)) {
                    throw new TarException(entry, what + " field overflows");
                }
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        int i = off;
        while (i < end && header[i] == ' ') {
            i++;
        }
        long value = 0;
        for (; i < end && header[i] >= '0' && header[i] <= '7'; i++) {
            if (value > (Long.MAX_VALUE >> 3)) {
                throw new TarException(entry, what + " field overflows");
            }
            value = (value << 3) | (header[i] - '0');
        }
        for (; i < end; i++) {
            if (header[i] != ' ' && header[i] != 0) {
                throw new TarException(entry, "bad " + what + " field");
            }
        }
        return value;
    }

    private String gnuExtension(long sz, String rawName) throws IOException, TarException {
        byte[] data = extension(sz, rawName);
        int end = data.length;
        while (end > 0 && data[end - 1] == 0) {
            end--;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    private byte[] extension(long sz, String rawName) throws IOException, TarException {
        if (sz > MAX_EXTENSION) {
            throw new TarException(rawName, "extended header of " + sz + " bytes exceeds " + MAX_EXTENSION);
        }
        byte[] data = new byte[(int) sz];
        if (in.readNBytes(data, 0, data.length) < data.length) {
            throw truncated.apply("truncated: the archive ends inside an extended header");
        }
        offset += sz;
        skip((BLOCK - sz % BLOCK) % BLOCK);
        return data;
    }

    private void skip(long n) throws IOException {
        if (n > 0) {
            BoundedInputStream.exactly(in, n, () -> truncated.apply(
                    "truncated: the archive ends inside an entry's content")).skipRest();
            offset += n;
        }
    }
}
