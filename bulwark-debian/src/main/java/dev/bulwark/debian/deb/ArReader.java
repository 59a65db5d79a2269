package dev.bulwark.debian.deb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Lists the members of a common-format {@code ar} archive (the container of a {@code .deb}) without reading them. */
final class ArReader {
    private static final byte[] MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 60;
    /** A .deb has three members plus a few optional "_" ones; more means this is not a package. */
    private static final int MAX_MEMBERS = 16;

    private ArReader() {
    }

    static List<ArMember> members(FileChannel file, String label) throws IOException, DebException {
        long length = file.size();
        byte[] magic = read(file, 0, MAGIC.length, label, "ar header");
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new DebException(label, "not a Debian package (no \"!<arch>\" ar header)");
        }
        List<ArMember> members = new ArrayList<>();
        long pos = MAGIC.length;
        while (pos < length) {
            if (members.size() == MAX_MEMBERS) {
                throw new DebException(label, "more than " + MAX_MEMBERS + " ar members");
            }
            byte[] h = read(file, pos, HEADER, label, "ar member header at offset " + pos);
            if (h[58] != '`' || h[59] != '\n') {
                throw new DebException(label, "bad ar member header at offset " + pos);
            }
            String name = name(h);
            long size = decimal(h, 48, 10);
            if (size < 0) {
                throw new DebException(label, "ar member " + name + " has a bad size field");
            }
            long offset = pos + HEADER;
            if (offset + size > length) {
                throw new DebException(label, "truncated: ar member " + name + " declares " + size
                        + " bytes but only " + (length - offset) + " remain");
            }
            members.add(new ArMember(name, offset, size));
            pos = offset + size + (size & 1);
        }
        return members;
    }

    private static String name(byte[] h) {
        int end = 16;
        while (end > 0 && h[end - 1] == ' ') {
            end--;
        }
        if (end > 0 && h[end - 1] == '/') {
            end--;
        }
        return new String(h, 0, end, StandardCharsets.US_ASCII);
    }

    /** A space-padded decimal field, or -1 when it is not one. */
    private static long decimal(byte[] h, int off, int len) {
        long value = 0;
        int i = off;
        int end = off + len;
        if (h[i] == ' ') {
            return -1;
        }
        for (; i < end && h[i] != ' '; i++) {
            if (h[i] < '0' || h[i] > '9') {
                return -1;
            }
            value = value * 10 + (h[i] - '0');
        }
        for (; i < end; i++) {
            if (h[i] != ' ') {
                return -1;
            }
        }
        return value;
    }

    private static byte[] read(FileChannel file, long pos, int len, String label, String what)
            throws IOException, DebException {
        ByteBuffer buf = ByteBuffer.allocate(len);
        while (buf.hasRemaining()) {
            if (file.read(buf, pos + buf.position()) < 0) {
                throw new DebException(label, "truncated: " + what + " ends early");
            }
        }
        return buf.array();
    }
}
