package dev.bulwark.core.tar;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One ustar header block as a writer means it, encoded by {@link #encode()}: text fields in UTF-8, cut at their
 * field's width (a writer that needs the whole value carries it in a PAX or GNU long-name record before the header),
 * numbers as zero-padded octal ending in NUL, the magic {@code "ustar\0"} with version {@code "00"}, and the checksum
 * as six octal digits, NUL, space. {@code devMajor}/{@code devMinor} below zero leave those fields empty (all NUL).
 */
public record UstarHeader(String name, String prefix, int mode, long uid, long gid, long size, long mtime, char type,
                          String linkName, String uname, String gname, int devMajor, int devMinor) {

    public UstarHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(linkName, "linkName");
        Objects.requireNonNull(uname, "uname");
        Objects.requireNonNull(gname, "gname");
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode of " + name + " is not within 07777: " + mode);
        }
        if (uid < 0 || gid < 0 || size < 0 || mtime < 0) {
            throw new IllegalArgumentException("tar header of " + name + " has a negative number field");
        }
    }

    /** A header without device numbers. */
    public UstarHeader(String name, String prefix, int mode, long uid, long gid, long size, long mtime, char type,
                       String linkName, String uname, String gname) {
        this(name, prefix, mode, uid, gid, size, mtime, type, linkName, uname, gname, -1, -1);
    }

    /** The 512-byte block. Fails when a number does not fit its octal field. */
    public byte[] encode() {
        byte[] h = new byte[TarReader.BLOCK];
        text(h, 0, 100, name);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = (byte) type;
        text(h, 157, 100, linkName);
        text(h, 257, 8, "ustar\0" + "00");
        text(h, 265, 32, uname);
        text(h, 297, 32, gname);
        if (devMajor >= 0) {
            octal(h, 329, 8, devMajor);
        }
        if (devMinor >= 0) {
            octal(h, 337, 8, devMinor);
        }
        text(h, 345, 155, prefix);
        return withChecksum(h);
    }

    /**
     * Writes into {@code block} the checksum of its other 504 bytes and returns it; for {@link #encode()} and for
     * tests that set a field by hand to what no writer would emit.
     */
    public static byte[] withChecksum(byte[] block) {
        Arrays.fill(block, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : block) {
            sum += b & 0xff;
        }
        octal(block, 148, 7, sum);
        return block;
    }

    /** How many zero bytes follow {@code size} bytes of content to fill the last block. */
    public static int padding(long size) {
        return (int) ((TarReader.BLOCK - size % TarReader.BLOCK) % TarReader.BLOCK);
    }

    private static void text(byte[] h, int off, int len, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, Math.min(len, b.length));
    }

    /** {@code value} as zero-padded octal filling {@code len - 1} bytes, then a NUL. */
    private static void octal(byte[] h, int off, int len, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > len - 1) {
            throw new IllegalArgumentException(value + " does not fit a tar field of " + len + " bytes");
        }
        text(h, off, len - 1, "0".repeat(len - 1 - digits.length()) + digits);
        h[off + len - 1] = 0;
    }
}
