package dev.bulwark.debian.deb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a tar stream one entry at a time: ustar, GNU long names ({@code L}, {@code K}) and PAX extended headers
 * ({@code x}; global {@code g} headers are skipped). Header checksums are verified, numbers may be octal or base-256,
 * and the archive must end with two zero blocks. The current entry's fields are held in this reader (no object per
 * entry); its content is read through {@link #content()} until the next call to {@link #next()}.
 *
 * <p>Format errors are {@link DebException}s; a stream that ends early or whose decompression fails raises
 * {@link MemberReadException}, which the caller names with the entry it was reading.
 */
final class TarReader {
    private static final int BLOCK = 512;
    private static final int MAX_EXTENSION = 1 << 20;
    private static final long MAX_TRAILER = 16L << 20;

    private final InputStream in;
    private final String label;
    private final String member;
    private final byte[] header = new byte[BLOCK];
    private final byte[] scratch = new byte[Members.BUFFER];
    private final Content content = new Content();
    private final Extensions ext = new Extensions();
    private long offset;
    private long remaining;
    private long padding;

    private String name;
    private char type;
    private int mode;
    private long uid;
    private long gid;
    private String uname;
    private String gname;
    private long size;
    private long mtime;
    private String linkName;

    TarReader(InputStream in, String label, String member) {
        this.in = in;
        this.label = label;
        this.member = member;
    }

    /** Moves to the next entry, skipping what is left of the current one; false at the end of the archive. */
    boolean next() throws IOException, DebException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        ext.clear();
        for (;;) {
            long at = offset;
            if (!readHeader()) {
                throw new MemberReadException("truncated: the archive ends without end-of-archive blocks", null);
            }
            if (isZeroBlock()) {
                if (!readHeader() || !isZeroBlock()) {
                    throw error("a single zero block at offset " + at + " is not followed by a second one");
                }
                if (ext.pending()) {
                    throw error("an extended header at the end of the archive is not followed by an entry");
                }
                return false;
            }
            String rawName = headerName();
            verifyChecksum(rawName, at);
            char t = (char) (header[156] & 0xff);
            long sz = number(124, 12, "size", rawName);
            switch (t) {
                case 'L' -> ext.longName = gnuExtension(sz, rawName);
                case 'K' -> ext.longLink = gnuExtension(sz, rawName);
                case 'x' -> ext.pax(extension(sz, rawName), this);
                case 'g' -> extension(sz, rawName);
                default -> {
                    entry(t, rawName, sz);
                    return true;
                }
            }
        }
    }

    private void entry(char t, String rawName, long sz) throws DebException {
        name = ext.path != null ? ext.path : ext.longName != null ? ext.longName : rawName;
        char plain = t == '\0' ? '0' : t;
        type = plain == '0' && name.endsWith("/") ? '5' : plain;
        mode = (int) (number(100, 8, "mode", name) & 07777);
        uid = ext.uid >= 0 ? ext.uid : number(108, 8, "uid", name);
        gid = ext.gid >= 0 ? ext.gid : number(116, 8, "gid", name);
        size = ext.size >= 0 ? ext.size : sz;
        mtime = ext.mtime != Long.MIN_VALUE ? ext.mtime : number(136, 12, "mtime", name);
        uname = ext.uname != null ? ext.uname : field(265, 32);
        gname = ext.gname != null ? ext.gname : field(297, 32);
        linkName = ext.linkPath != null ? ext.linkPath : ext.longLink != null ? ext.longLink : field(157, 100);
        remaining = size;
        padding = (BLOCK - size % BLOCK) % BLOCK;
    }

    /** After {@link #next()} returned false: reads the rest of the stream, so that compressed data is verified. */
    void finish() throws IOException, DebException {
        long trailer = 0;
        for (int n = in.read(scratch); n >= 0; n = in.read(scratch)) {
            trailer += n;
            if (trailer > MAX_TRAILER) {
                throw error("more than " + MAX_TRAILER + " bytes follow the end of the archive");
            }
        }
    }

    String name() {
        return name;
    }

    /** The type flag: '0' file (also for '\0'), '1' hard link, '2' symlink, '5' directory, or anything else seen. */
    char type() {
        return type;
    }

    int mode() {
        return mode;
    }

    long uid() {
        return uid;
    }

    long gid() {
        return gid;
    }

    String uname() {
        return uname;
    }

    String gname() {
        return gname;
    }

    long size() {
        return size;
    }

    long mtime() {
        return mtime;
    }

    String linkName() {
        return linkName;
    }

    /** The current entry's content: exactly {@link #size()} bytes, until the next call to {@link #next()}. */
    InputStream content() {
        return content;
    }

    String member() {
        return member;
    }

    DebException error(String why) {
        return new DebException(label, member + ": " + why);
    }

    private DebException error(String entry, String why) {
        return new DebException(label, member + " entry " + entry + ": " + why);
    }

    private boolean readHeader() throws IOException {
        int n = in.readNBytes(header, 0, BLOCK);
        offset += n;
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new MemberReadException("truncated: the archive ends inside a header block", null);
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

    private void verifyChecksum(String rawName, long at) throws DebException {
        long stored = number(148, 8, "checksum", rawName);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : header[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw error(rawName, "bad tar header checksum at offset " + at);
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

    /** A NUL-terminated text field. */
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
    private long number(int off, int len, String what, String entry) throws DebException {
        int end = off + len;
        if ((header[off] & 0x80) != 0) {
            if ((header[off] & 0x40) != 0) {
                throw error(entry, "negative " + what + " field");
            }
            long value = header[off] & 0x3f;
            for (int i = off + 1; i < end; i++) {
                if (value > (Long.MAX_VALUE >> 8)) {
                    throw error(entry, what + " field overflows");
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
                throw error(entry, what + " field overflows");
            }
            value = (value << 3) | (header[i] - '0');
        }
        for (; i < end; i++) {
            if (header[i] != ' ' && header[i] != 0) {
                throw error(entry, "bad " + what + " field");
            }
        }
        return value;
    }

    private String gnuExtension(long sz, String rawName) throws IOException, DebException {
        byte[] data = extension(sz, rawName);
        int end = data.length;
        while (end > 0 && data[end - 1] == 0) {
            end--;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    private byte[] extension(long sz, String rawName) throws IOException, DebException {
        if (sz > MAX_EXTENSION) {
            throw error(rawName, "extended header of " + sz + " bytes exceeds " + MAX_EXTENSION);
        }
        byte[] data = new byte[(int) sz];
        if (in.readNBytes(data, 0, data.length) < data.length) {
            throw new MemberReadException("truncated: the archive ends inside an extended header", null);
        }
        offset += sz;
        skip((BLOCK - sz % BLOCK) % BLOCK);
        return data;
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            int r = in.read(scratch, 0, (int) Math.min(left, scratch.length));
            if (r < 0) {
                throw new MemberReadException("truncated: the archive ends inside an entry's content", null);
            }
            left -= r;
        }
        offset += n;
    }

    /** The current entry's bytes; one instance serves every entry. */
    private final class Content extends InputStream {
        @Override
        public int read() throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw truncated();
            }
            remaining--;
            offset++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw truncated();
            }
            remaining -= n;
            offset += n;
            return n;
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            long total = 0;
            for (int n = read(scratch, 0, scratch.length); n >= 0; n = read(scratch, 0, scratch.length)) {
                out.write(scratch, 0, n);
                total += n;
            }
            return total;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(remaining, in.available());
        }

        private MemberReadException truncated() {
            return new MemberReadException("truncated: the archive ends inside the entry's content", null);
        }
    }
}
