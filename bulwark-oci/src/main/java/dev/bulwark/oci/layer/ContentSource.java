package dev.bulwark.oci.layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a file's content when the writer reaches it, so no layer is ever held in memory. */
@FunctionalInterface
public interface ContentSource {

    InputStream open() throws IOException;

    static ContentSource ofBytes(byte[] bytes) {
        byte[] copy = bytes.clone();
        return () -> new java.io.ByteArrayInputStream(copy);
    }

    static ContentSource ofFile(Path file) {
        return () -> Files.newInputStream(file);
    }
}
