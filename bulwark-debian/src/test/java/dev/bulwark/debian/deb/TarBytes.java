package dev.bulwark.debian.deb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes tar streams byte by byte for cases FakeDeb does not produce: PAX headers, FIFOs, unknown types, base-256
 * numbers, bad checksums and names with NUL. Headers are POSIX ustar with owner names "root".
 */
final class TarBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int lastHeader = -1;

    TarBytes dir(String name) {
        return entry(name, '5', 0755, 0, 0, null, "");
    }

    TarBytes file(String name, String content) {
        return entry(name, '0', 0644, 0, 0, content.getBytes(StandardCharsets.UTF_8), "");
    }

    TarBytes entry(String name, char type, int mode, long uid, long gid, byte[] content, String link) {
        byte[] h = header(name.getBytes(StandardCharsets.UTF_8), type, mode, uid, gid,
                content == null ? 0 : content.length, link.getBytes(StandardCharsets.UTF_8));
        lastHeader = out.size();
        out.writeBytes(h);
        if (content != null) {
            out.writeBytes(content);
            pad(content.length);
        }
        return this;
    }

    /** A PAX extended header ('x' for the next entry, 'g' global) with the records in map order. */
    TarBytes pax(char type, Map<String, String> records) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> r : records.entrySet()) {
            String rest = " " + r.getKey() + "=" + r.getValue() + "\n";
            int restLength = rest.getBytes(StandardCharsets.UTF_8).length;
            int length = restLength + 1;
            while (length != restLength + Integer.toString(length).length()) {
                length = restLength + Integer.toString(length).length();
            }
            body.append(length).append(rest);
        }
        return extension(type, "./PaxHeaders/x", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A GNU long name ('L') or long link ('K') record holding {@code value} and a trailing NUL. */
    TarBytes gnuLong(char type, byte[] value) {
        return extension(type, "././@LongLink", Arrays.copyOf(value, value.length + 1));
    }

    TarBytes extension(char type, String name, byte[] body) {
        out.writeBytes(header(name.getBytes(StandardCharsets.UTF_8), type, 0644, 0, 0, body.length, new byte[0]));
        out.writeBytes(body);
        pad(body.length);
        return this;
    }

    /** Overwrites {@code bytes} at {@code offset} of the last entry header, leaving its checksum as it was. */
    TarBytes patchLastHeader(int offset, byte[] bytes) {
        byte[] all = out.toByteArray();
        System.arraycopy(bytes, 0, all, lastHeader + offset, bytes.length);
        out.reset();
        out.writeBytes(all);
        return this;
    }

    /** Overwrites a field of the last entry header and recomputes its checksum. */
    TarBytes patchLastHeaderField(int offset, byte[] bytes) {
        patchLastHeader(offset, bytes);
        byte[] all = out.toByteArray();
        byte[] h = Arrays.copyOfRange(all, lastHeader, lastHeader + 512);
        checksum(h);
        System.arraycopy(h, 0, all, lastHeader, 512);
        out.reset();
        out.writeBytes(all);
        return this;
    }

    /** The stream with its two end blocks. */
    byte[] end() {
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    /** The stream without end blocks, as if cut off. */
    byte[] unfinished() {
        return out.toByteArray();
    }

    private void pad(int length) {
        int rest = length % 512;
        if (rest != 0) {
            out.writeBytes(new byte[512 - rest]);
        }
    }

    private static byte[] header(byte[] name, char type, int mode, long uid, long gid, long size, byte[] link) {
        byte[] h = new byte[512];
        System.arraycopy(name, 0, h, 0, Math.min(100, name.length));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 1_735_689_600L);
        h[156] = (byte) type;
        System.arraycopy(link, 0, h, 157, Math.min(100, link.length));
        byte[] magic = ("ustar" + '\0' + "00").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, h, 257, 8);
        System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 265, 4);
        System.arraycopy("root".getBytes(StandardCharsets.US_ASCII), 0, h, 297, 4);
        checksum(h);
        return h;
    }

    private static void checksum(byte[] h) {
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        byte[] digits = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, h, 148, 8);
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String digits = String.format("%0" + (len - 1) + "o", value);
        System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
    }
}
