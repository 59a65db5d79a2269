package dev.bulwark.oci.layer;

import dev.bulwark.core.tar.UstarHeader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
    /** One buffer for every entry's content (a layer has thousands of small files), made at the first. */
    private byte[] copyBuffer;

    public TarWriter(OutputStream out, long sourceDateEpoch) {
        if (sourceDateEpoch < 0 || sourceDateEpoch > MAX_SIZE) {
            throw new IllegalArgumentException("SOURCE_DATE_EPOCH out of range: " + sourceDateEpoch);
        }
        this.out = out;
        this.mtime = sourceDateEpoch;
    }

    /** Writes the entry's header and, for a file, exactly {@code size} bytes of its content. */
    public void write(TarEntry e) throws IOException {
        writeHeaders(e);
        if (e.type() == TarEntry.Type.FILE && e.size() > 0) {
            try (InputStream in = e.content().open()) {
                copyExactly(in, e.size(), e.path());
            }
            pad(e.size());
        }
    }

    /** Writes what precedes the entry's content: a PAX header when ustar cannot hold it, then the ustar header. */
    void writeHeaders(TarEntry e) throws IOException {
        String name = e.tarName();
        String link = e.type() == TarEntry.Type.HARDLINK ? e.linkTarget().substring(1) : e.linkTarget();
        Map<String, String> pax = new TreeMap<>();
        String[] nameFields = splitName(name);
        if (nameFields == null) {
            pax.put("path", name);
            nameFields = new String[] {"", truncatedAscii(name, 100)};
        }
        String linkField = "";
        if (link != null) {
            linkField = isAscii(link) && link.length() <= 100 ? link : truncatedAscii(link, 100);
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
        String uname = userName(e.uname(), "uname", pax);
        String gname = userName(e.gname(), "gname", pax);
        if (!pax.isEmpty()) {
            writePax(name, pax);
        }
        out.write(header(nameFields[1], nameFields[0], e.mode(), Math.min(e.uid(), MAX_ID), Math.min(e.gid(), MAX_ID),
                e.size() > MAX_SIZE ? 0 : e.size(), typeFlag(e.type()), linkField, uname, gname));
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
        out.write(header(truncatedAscii(paxName, 100), "", 0644, 0, 0, data.length, 'x', "", "", ""));
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

    /** A ustar header with this writer's mtime; device numbers are written as zero. */
    private byte[] header(String name, String prefix, int mode, long uid, long gid, long size, char type, String link,
                          String uname, String gname) {
        return new UstarHeader(name, prefix, mode, uid, gid, size, mtime, type, link, uname, gname, 0, 0).encode();
    }

    /** Splits an ASCII name into ustar prefix and name (as Go's archive/tar does), or null when PAX is needed. */
    static String[] splitName(String name) {
        if (!isAscii(name)) {
            return null;
        }
        if (name.length() <= 100) {
            return new String[] {"", name};
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
        return new String[] {name.substring(0, i), name.substring(i + 1)};
    }

    private static String userName(String n, String key, Map<String, String> pax) {
        if (n == null || n.isEmpty()) {
            return "";
        }
        if (isAscii(n) && n.length() <= 32) {
            return n;
        }
        pax.put(key, n);
        return truncatedAscii(n, 32);
    }

    private static char typeFlag(TarEntry.Type t) {
        return switch (t) {
            case FILE -> '0';
            case HARDLINK -> '1';
            case SYMLINK -> '2';
            case DIR -> '5';
        };
    }

    private void copyExactly(InputStream in, long size, String path) throws IOException {
        if (copyBuffer == null) {
            copyBuffer = new byte[65536];
        }
        byte[] buf = copyBuffer;
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
        out.write(ZEROS, 0, UstarHeader.padding(size));
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String truncatedAscii(String s, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            if (s.charAt(i) < 0x80) {
                sb.append(s.charAt(i));
            }
        }
        return sb.toString();
    }
}
