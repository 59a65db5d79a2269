package dev.bulwark.oci.layer;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.OciException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads an uncompressed tar stream (ustar, PAX, GNU long names) entry by entry. Paths come back absolute
 * ("/usr/bin/x"); an entry whose name or hard-link target is absolute or contains {@code ..} is rejected,
 * since extracting it could escape the root. Does not close the stream.
 */
public final class TarReader {

    public enum EntryType { FILE, DIR, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO }

    /** One entry's header; {@code linkTarget} is absolute for hard links, as stored for symlinks, else null. */
    public record Header(String path, EntryType kind, int mode, long uid, long gid, String uname, String gname,
                         long size, String linkTarget, long mtime, boolean pax) {
    }

    private final InputStream in;
    private long remaining;
    private long padding;

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry's header, or null at the end of the archive. Skips any unread content first. */
    public Header next() throws IOException, OciException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        Map<String, String> pax = new HashMap<>();
        boolean sawPax = false;
        while (true) {
            byte[] h = readBlock();
            if (h == null || isZero(h)) {
                return null;
            }
            checkSum(h);
            char type = (char) h[156];
            long size = number(h, 124, 12);
            if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
                byte[] data = readData(size);
                if (type == 'x') {
                    pax.putAll(parsePax(data));
                    sawPax = true;
                } else if (type == 'L') {
                    pax.put("path", cString(data));
                } else if (type == 'K') {
                    pax.put("linkpath", cString(data));
                }
                continue;
            }
            return header(h, type, size, pax, sawPax);
        }
    }

    /** The current entry's content; valid until the next call to {@link #next()}. */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new IOException("cannot read tar entry: stream ends inside an entry");
                }
                remaining -= n;
                return n;
            }
        };
    }

    private Header header(byte[] h, char type, long size, Map<String, String> pax, boolean sawPax) throws OciException {
        String name = field(h, 0, 100);
        if (h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r' && h[345] != 0) {
            name = field(h, 345, 155) + "/" + name;
        }
        name = pax.getOrDefault("path", name);
        String link = pax.getOrDefault("linkpath", field(h, 157, 100));
        EntryType kind = switch (type) {
            case '0', '\0', '7' -> EntryType.FILE;
            case '1' -> EntryType.HARDLINK;
            case '2' -> EntryType.SYMLINK;
            case '3' -> EntryType.CHAR_DEVICE;
            case '4' -> EntryType.BLOCK_DEVICE;
            case '5' -> EntryType.DIR;
            case '6' -> EntryType.FIFO;
            default -> throw new OciException(Kind.BAD_INPUT, "cannot read tar entry " + name
                    + ": unsupported type '" + type + "'");
        };
        if (pax.containsKey("size")) {
            size = Long.parseLong(pax.get("size"));
        }
        if (kind == EntryType.FILE) {
            remaining = size;
            padding = (TarWriter.BLOCK - size % TarWriter.BLOCK) % TarWriter.BLOCK;
        } else {
            padding = size == 0 ? 0 : size + (TarWriter.BLOCK - size % TarWriter.BLOCK) % TarWriter.BLOCK;
            size = 0;
        }
        String linkTarget = switch (kind) {
            case HARDLINK -> safePath(link, name);
            case SYMLINK -> link;
            default -> null;
        };
        long uid = pax.containsKey("uid") ? Long.parseLong(pax.get("uid")) : number(h, 108, 8);
        long gid = pax.containsKey("gid") ? Long.parseLong(pax.get("gid")) : number(h, 116, 8);
        long mtime = pax.containsKey("mtime") ? (long) Double.parseDouble(pax.get("mtime")) : number(h, 136, 12);
        return new Header(safePath(name, name), kind, (int) number(h, 100, 8) & 07777, uid, gid,
                pax.getOrDefault("uname", field(h, 265, 32)), pax.getOrDefault("gname", field(h, 297, 32)),
                size, linkTarget, mtime, sawPax);
    }

    /** Normalizes "./a/b/" to "/a/b"; rejects absolute names and any ".." component. */
    static String safePath(String raw, String entry) throws OciException {
        if (raw.startsWith("/") || raw.indexOf('\0') >= 0) {
            throw new OciException(Kind.BAD_INPUT, "cannot read tar entry " + entry + ": path " + raw
                    + " is absolute");
        }
        StringBuilder out = new StringBuilder();
        for (String part : raw.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new OciException(Kind.BAD_INPUT, "cannot read tar entry " + entry + ": path " + raw
                        + " contains '..'");
            }
            out.append('/').append(part);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    static Map<String, String> parsePax(byte[] data) throws OciException {
        Map<String, String> out = new HashMap<>();
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int len;
            try {
                len = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new OciException(Kind.BAD_INPUT, "cannot read tar PAX header: bad record length", e);
            }
            if (len <= space - pos || pos + len > data.length) {
                throw new OciException(Kind.BAD_INPUT, "cannot read tar PAX header: record overruns header");
            }
            String rec = new String(data, space + 1, pos + len - space - 2, StandardCharsets.UTF_8);
            int eq = rec.indexOf('=');
            if (eq > 0) {
                out.put(rec.substring(0, eq), rec.substring(eq + 1));
            }
            pos += len;
        }
        return out;
    }

    private byte[] readData(long size) throws IOException, OciException {
        if (size > 1 << 20) {
            throw new OciException(Kind.BAD_INPUT, "cannot read tar header: extended header of " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new OciException(Kind.BAD_INPUT, "cannot read tar header: stream ends inside it");
        }
        skip((TarWriter.BLOCK - size % TarWriter.BLOCK) % TarWriter.BLOCK);
        return data;
    }

    private byte[] readBlock() throws IOException, OciException {
        byte[] b = in.readNBytes(TarWriter.BLOCK);
        if (b.length == 0) {
            return null;
        }
        if (b.length != TarWriter.BLOCK) {
            throw new OciException(Kind.BAD_INPUT, "cannot read tar header: stream ends inside a block");
        }
        return b;
    }

    /** Skips by reading, so a hashing stream underneath sees every byte. */
    private void skip(long n) throws IOException {
        long left = n;
        byte[] scratch = new byte[(int) Math.min(65536, Math.max(1, n))];
        while (left > 0) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (r < 0) {
                throw new IOException("cannot read tar: stream ends inside an entry");
            }
            left -= r;
        }
    }

    private static void checkSum(byte[] h) throws OciException {
        long sum = 0;
        for (int i = 0; i < h.length; i++) {
            sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xff;
        }
        if (sum != number(h, 148, 8)) {
            throw new OciException(Kind.BAD_INPUT, "cannot read tar header: checksum mismatch");
        }
    }

    /** Octal, or GNU base-256 when the first byte's high bit is set. */
    private static long number(byte[] h, int off, int len) {
        if ((h[off] & 0x80) != 0) {
            long v = h[off] & 0x7f;
            for (int i = 1; i < len; i++) {
                v = (v << 8) | (h[off + i] & 0xff);
            }
            return v;
        }
        long v = 0;
        for (int i = off; i < off + len; i++) {
            byte c = h[i];
            if (c >= '0' && c <= '7') {
                v = v * 8 + (c - '0');
            } else if (c == 0 || (c == ' ' && v > 0)) {
                break;
            }
        }
        return v;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
