package dev.bulwark.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.bulwark.core.tar.UstarHeader;

/**
 * A minimal ustar writer with GNU long-name records, enough to build the tar members of a {@code .deb} the way
 * {@code dpkg-deb} does (fixed mtime, numeric owners, user/group names "root").
 */
final class TarWriter {
    static final char FILE = '0';
    static final char HARDLINK = '1';
    static final char SYMLINK = '2';
    static final char CHAR_DEVICE = '3';
    static final char BLOCK_DEVICE = '4';
    static final char DIRECTORY = '5';
    private static final int BLOCK = 512;

    private final OutputStream out;
    private final long mtime;

    TarWriter(OutputStream out, long mtime) {
        this.out = out;
        this.mtime = mtime;
    }

    /** One tar entry; {@code content} only for regular files, {@code link} for links. */
    void entry(String name, char type, int mode, int uid, int gid, byte[] content, String link, int major, int minor)
            throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] linkBytes = link == null ? new byte[0] : link.getBytes(StandardCharsets.UTF_8);
        if (linkBytes.length > 100) {
            longRecord('K', linkBytes);
        }
        String prefix = "";
        String shortName = name;
        if (nameBytes.length > 100) {
            int split = splitPoint(name);
            if (split < 0) {
                longRecord('L', nameBytes);
                shortName = name.substring(0, Math.min(name.length(), 99));
            } else {
                prefix = name.substring(0, split);
                shortName = name.substring(split + 1);
            }
        }
        long size = content == null ? 0 : content.length;
        out.write(header(shortName, prefix, type, mode, uid, gid, size, link == null ? "" : link, major, minor));
        if (content != null) {
            out.write(content);
            pad(content.length);
        }
    }

    /** Two zero blocks end the archive. */
    void finish() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    private void longRecord(char type, byte[] value) throws IOException {
        byte[] data = Arrays.copyOf(value, value.length + 1);
        out.write(header("././@LongLink", "", type, 0644, 0, 0, data.length, "", 0, 0));
        out.write(data);
        pad(data.length);
    }

    private static int splitPoint(String name) {
        for (int i = name.length() - 1; i > 0; i--) {
            if (name.charAt(i) == '/' && utf8Length(name.substring(0, i)) <= 155
                    && utf8Length(name.substring(i + 1)) <= 100 && i + 1 < name.length()) {
                return i;
            }
        }
        return -1;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private void pad(long length) throws IOException {
        out.write(new byte[UstarHeader.padding(length)]);
    }

    private byte[] header(String name, String prefix, char type, int mode, int uid, int gid, long size, String link,
            int major, int minor) {
        boolean device = type == CHAR_DEVICE || type == BLOCK_DEVICE;
        return new UstarHeader(name, prefix, mode & 07777, uid, gid, size, mtime, type, link, uid == 0 ? "root" : "",
                gid == 0 ? "root" : "", device ? major : -1, device ? minor : -1).encode();
    }
}
