package dev.bulwark.oci.internal;

import dev.bulwark.core.TempFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a file next to its target and renames it into place, so readers never see half a file. The file gets the
 * mode the umask gives (see {@link TempFiles}). Not API.
 */
public final class AtomicFiles {

    /** Writes the whole content to the stream it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, Content content) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Path tmp = TempFiles.createFile(parent, target.getFileName().toString());
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 65536)) {
                content.writeTo(out);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    public static void move(Path from, Path to) throws IOException {
        TempFiles.replace(from, to);
    }
}
