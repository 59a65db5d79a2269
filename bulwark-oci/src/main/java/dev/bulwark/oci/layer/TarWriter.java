package dev.bulwark.oci.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal ustar writer that emits the same bytes for the same entries: every mtime is the given
 * SOURCE_DATE_EPOCH, no atime/ctime, and a PAX extended header only for what ustar cannot hold (long or
 * non-ASCII names and link names, sizes of 8 GiB or more, ids over 2097151, long or non-ASCII user names).
 * The archive ends with two zero blocks and is not padded to a record size. Does not close the stream.
 */
public final class TarWriter {
    static final int BLOCK = 512;
    private static final long MAX_SIZE = 077777777777L;
    private static final long MAX_ID = 07777777L;
    private static final byte[] ZEROS = new byte[BLOCK];

    private final OutputStream out;
    private final long mtime;

    public TarWriter(OutputStream out, long sourceDateEpoch) {
        if (sourceDateEpoch < 0 || sourceDateEpoch > MAX_SIZE) {
            throw new IllegalArgumentException("SOURCE_DATE_EPOCH out of range: " + sourceDateEpoch);
        }
        this.out = out;
        this.mtime = sourceDateEpoch;
    }

    /** Writes the entry's header and, for a file, exactly {@code size} bytes of its content. */
    public void write(TarEntry e) throws IOException {
        String name = e.tarName();
        String link = e.type() == TarEntry.Type.HARDLINK ? e.linkTarget().substring(1) : e.linkTarget();
        Map<String, String> pax = new TreeMap<>();
        byte[][] nameFields = splitName(name);
        if (nameFields == null) {
            pax.put("path", name);
            nameFields = new byte[][] {new byte[0], truncatedAscii(name, 100)};
        }
        byte[] linkField = new byte[0];
        if (link != null) {
            linkField = isAscii(link) && link.length() <= 100 ? ascii(link) : truncatedAscii(link, 100);
            if (!isAscii(link) || link.length() > 100) {
                pax.put("linkpath", link);
            }
        }
        if (e.size() > MAX_SIZE) {
            pax.put("size", Long.toString(e.size()));
        }
        if (e.uid() > MAX_ID) {
            pax.put("uid", Integer.toString(e.uid()));
        }
        if (e.gid() > MAX_ID) {
            pax.put("gid", Integer.toString(e.gid()));
        }
        byte[] uname = userName(e.uname(), "uname", pax);
        byte[] gname = userName(e.gname(), "gname", pax);
        if (!pax.isEmpty()) {
            writePax(name, pax);
        }
        byte[] h = header(nameFields[1], nameFields[0], e.mode(), Math.min(e.uid(), MAX_ID), Math.min(e.gid(), MAX_ID),
                e.size() > MAX_SIZE ? 0 : e.size(), typeFlag(e.type()), linkField, uname, gname);
        out.write(h);
        if (e.type() == TarEntry.Type.FILE && e.size() > 0) {
            try (InputStream in = e.content().open()) {
                copyExactly(in, e.size(), e.path());
            }
            pad(e.size());
        }
    }

    /** Writes the end-of-archive marker: two zero blocks. */
    public void finish() throws IOException {
        out.write(ZEROS);
        out.write(ZEROS);
    }

    private void writePax(String name, Map<String, String> records) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> r : records.entrySet()) {
            sb.append(paxRecord(r.getKey(), r.getValue()));
        }
        byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        int slash = trimmed.lastIndexOf('/');
        String paxName = (slash < 0 ? "" : trimmed.substring(0, slash + 1)) + "PaxHeaders.0/" + trimmed.substring(slash + 1);
        out.write(header(truncatedAscii(paxName, 100), new byte[0], 0644, 0, 0, data.length, (byte) 'x',
                new byte[0], new byte[0], new byte[0]));
        out.write(data);
        pad(data.length);
    }

    /** "%d key=value\n" where the leading length counts the whole record, itself included. */
    static String paxRecord(String key, String value) {
        int body = 3 + key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
        int len = body + Integer.toString(body).length();
        if (Integer.toString(len).length() != Integer.toString(body).length()) {
            len = body + Integer.toString(len).length();
        }
        return len + " " + key + "=" + value + "\n";
    }

    private byte[] header(byte[] name, byte[] prefix, int mode, long uid, long gid, long size, byte type,
                          byte[] link, byte[] uname, byte[] gname) {
        byte[] h = new byte[BLOCK];
        System.arraycopy(name, 0, h, 0, name.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = type;
        System.arraycopy(link, 0, h, 157, link.length);
        System.arraycopy(ascii("ustar\0" + "00"), 0, h, 257, 8);
        System.arraycopy(uname, 0, h, 265, uname.length);
        System.arraycopy(gname, 0, h, 297, gname.length);
        octal(h, 329, 8, 0);
        octal(h, 337, 8, 0);
        System.arraycopy(prefix, 0, h, 345, prefix.length);
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        return h;
    }

    /** Writes {@code value} as zero-padded octal filling {@code len - 1} bytes, then a NUL. */
    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        int digits = len - 1;
        for (int i = 0; i < digits; i++) {
            int from = i - (digits - s.length());
            h[off + i] = (byte) (from < 0 ? '0' : s.charAt(from));
        }
        h[off + digits] = 0;
    }

    /** Splits an ASCII name into ustar prefix and name (as Go's archive/tar does), or null when PAX is needed. */
    static byte[][] splitName(String name) {
        if (!isAscii(name)) {
            return null;
        }
        if (name.length() <= 100) {
            return new byte[][] {new byte[0], ascii(name)};
        }
        int length = name.length();
        if (length > 156) {
            length = 156;
        } else if (name.charAt(length - 1) == '/') {
            length--;
        }
        int i = name.lastIndexOf('/', length - 1);
        int nameLen = name.length() - i - 1;
        if (i <= 0 || nameLen > 100 || nameLen == 0 || i > 155) {
            return null;
        }
        return new byte[][] {ascii(name.substring(0, i)), ascii(name.substring(i + 1))};
    }

    private static byte[] userName(String n, String key, Map<String, String> pax) {
        if (n == null || n.isEmpty()) {
            return new byte[0];
        }
        if (isAscii(n) && n.length() <= 32) {
            return ascii(n);
        }
        pax.put(key, n);
        return truncatedAscii(n, 32);
    }

    private static byte typeFlag(TarEntry.Type t) {
        return switch (t) {
            case FILE -> '0';
            case HARDLINK -> '1';
            case SYMLINK -> '2';
            case DIR -> '5';
        };
    }

    private void copyExactly(InputStream in, long size, String path) throws IOException {
        byte[] buf = new byte[65536];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("cannot write " + path + ": content is shorter than its size " + size);
            }
            out.write(buf, 0, n);
            left -= n;
        }
        if (in.read() >= 0) {
            throw new IOException("cannot write " + path + ": content is longer than its size " + size);
        }
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(ZEROS, 0, BLOCK - rest);
        }
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] truncatedAscii(String s, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            if (s.charAt(i) < 0x80) {
                sb.append(s.charAt(i));
            }
        }
        return ascii(sb.toString());
    }
}
