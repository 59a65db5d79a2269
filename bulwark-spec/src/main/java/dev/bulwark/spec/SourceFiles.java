package dev.bulwark.spec;

import dev.bulwark.core.io.ConfinedDirectory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads a spec's source file by its real path without trusting that the path still means what the parser checked:
 * a shared spec folder can change between parsing and building. From the filesystem root, each component is opened
 * relative to the directory handle opened before it and never through a symlink ({@link ConfinedDirectory},
 * {@code openat} with {@code O_NOFOLLOW}); the last one must be a regular file (checked through its directory's
 * handle before opening, so a FIFO put in its place is refused instead of blocking) of at most {@link #MAX_SOURCE}
 * bytes.
 */
final class SourceFiles {
    /** The largest source file read into memory; larger files belong in a package or a base image. */
    static final long MAX_SOURCE = 256L << 20;

    private SourceFiles() {
    }

    static byte[] read(Path real) throws IOException {
        if (!real.isAbsolute() || real.getNameCount() == 0) {
            throw new IOException(real + " is not an absolute file path");
        }
        Deque<ConfinedDirectory> open = new ArrayDeque<>();
        try {
            open.push(ConfinedDirectory.open(real.getRoot(), "read spec sources"));
            for (int i = 0; i < real.getNameCount() - 1; i++) {
                Path name = real.getName(i);
                BasicFileAttributes a = attributes(open.peek(), name, real);
                if (!a.isDirectory()) {
                    throw new IOException(real + " changed since the spec was read: " + name + " is no longer a"
                            + " directory (a symlink?)");
                }
                open.push(open.peek().directory(name));
            }
            Path name = real.getFileName();
            BasicFileAttributes a = attributes(open.peek(), name, real);
            if (!a.isRegularFile()) {
                throw new IOException(real + " changed since the spec was read: it is no longer a regular file");
            }
            return open.peek().read(name, a, MAX_SOURCE, real.toString(),
                    real + " is larger than " + (MAX_SOURCE >> 20) + " MiB");
        } finally {
            for (ConfinedDirectory d : open) {
                d.close();
            }
        }
    }

    private static BasicFileAttributes attributes(ConfinedDirectory dir, Path name, Path real) throws IOException {
        BasicFileAttributes a = dir.attributes(name);
        if (a == null) {
            throw new NoSuchFileException(real.toString(), null, "it was removed since the spec was read");
        }
        return a;
    }
}
