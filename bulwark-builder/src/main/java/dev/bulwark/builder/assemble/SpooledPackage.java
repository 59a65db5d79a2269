package dev.bulwark.builder.assemble;

import dev.bulwark.debian.control.Paragraph;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * A package read once from its {@code .deb}: the entries the image keeps (paths canonical for merged /usr, stripped
 * as the spec says) and their file contents spooled, in archive order, into one temp file. Layers are written from
 * here in sorted order without reading the {@code .deb} again.
 */
record SpooledPackage(String name, String version, String architecture, Paragraph control, String controlText,
        Map<String, String> md5sums, List<Node> nodes, Path spool) {

    /** One kept entry; for a file, {@code offset} locates its bytes in the spool. */
    record Node(String path, Kind kind, int mode, int uid, int gid, long size, String linkTarget, long offset) {
        enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK }
    }

    SpooledPackage {
        md5sums = Map.copyOf(md5sums);
        nodes = List.copyOf(nodes);
    }

    String id() {
        return name + "=" + version;
    }

    /** The bytes of a file node, streamed from the spool. */
    InputStream open(Node node) throws IOException {
        FileChannel channel = FileChannel.open(spool, StandardOpenOption.READ);
        channel.position(node.offset());
        return new BoundedStream(Channels.newInputStream(channel), node.size());
    }

    /** Reads at most {@code limit} bytes of {@code in} and closes it on close. */
    private static final class BoundedStream extends java.io.FilterInputStream {
        private long remaining;

        BoundedStream(InputStream in, long limit) {
            super(new java.io.BufferedInputStream(in, 65536));
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
