package dev.bulwark.builder.assemble;

import dev.bulwark.core.io.BoundedInputStream;
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
        // Most files are small: a buffer the file's size (not 64 KiB) for each of a package's thousands of entries.
        int buffer = (int) Math.max(512, Math.min(65536, node.size()));
        return BoundedInputStream.atMost(new java.io.BufferedInputStream(Channels.newInputStream(channel), buffer),
                node.size()).closingSource();
    }
}
