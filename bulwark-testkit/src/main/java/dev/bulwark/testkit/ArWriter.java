package dev.bulwark.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The common {@code ar} format as {@code dpkg-deb} writes it: global header, 60-byte member headers, even padding. */
final class ArWriter {
    private final OutputStream out;
    private final long mtime;

    ArWriter(OutputStream out, long mtime) throws IOException {
        this.out = out;
        this.mtime = mtime;
        out.write("!<arch>\n".getBytes(StandardCharsets.US_ASCII));
    }

    void member(String name, byte[] content) throws IOException {
        if (name.length() > 16) {
            throw new IllegalArgumentException("ar member name longer than 16 characters: " + name);
        }
        String header = String.format("%-16s%-12d%-6d%-6d%-8s%-10d`\n", name, mtime, 0, 0, "100644", content.length);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        out.write(content);
        if (content.length % 2 == 1) {
            out.write('\n');
        }
    }
}
