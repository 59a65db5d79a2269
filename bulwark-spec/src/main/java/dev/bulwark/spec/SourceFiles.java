package dev.bulwark.spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a spec's source file by its real path without trusting that the path still means what the parser checked:
 * a shared spec folder can change between parsing and building. From the filesystem root, each component is opened
 * relative to the directory handle opened before it and never through a symlink ({@link SecureDirectoryStream},
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
        Deque<SecureDirectoryStream<Path>> open = new ArrayDeque<>();
        try {
            open.push(secure(Files.newDirectoryStream(real.getRoot())));
            for (int i = 0; i < real.getNameCount() - 1; i++) {
                Path name = real.getName(i);
                BasicFileAttributes a = attributes(open.peek(), name, real);
                if (!a.isDirectory()) {
                    throw new IOException(real + " changed since the spec was read: " + name + " is no longer a"
                            + " directory (a symlink?)");
                }
                open.push(open.peek().newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS));
            }
            Path name = real.getFileName();
            BasicFileAttributes a = attributes(open.peek(), name, real);
            if (!a.isRegularFile()) {
                throw new IOException(real + " changed since the spec was read: it is no longer a regular file");
            }
            if (a.size() > MAX_SOURCE) {
                throw new IOException(real + " is larger than " + (MAX_SOURCE >> 20) + " MiB");
            }
            try (SeekableByteChannel in = open.peek().newByteChannel(name,
                    Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
                BasicFileAttributes now = attributes(open.peek(), name, real);
                if (!now.isRegularFile() || !Objects.equals(now.fileKey(), a.fileKey())) {
                    throw new IOException(real + " was replaced while it was opened");
                }
                return readCapped(in, real);
            }
        } finally {
            for (SecureDirectoryStream<Path> s : open) {
                s.close();
            }
        }
    }

    private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> s) throws IOException {
        if (s instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        s.close();
        throw new IOException("cannot read spec sources safely: this platform has no SecureDirectoryStream");
    }

    private static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name, Path real)
            throws IOException {
        try {
            return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(real.toString(), null, "it was removed since the spec was read");
        }
    }

    private static byte[] readCapped(SeekableByteChannel in, Path real) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
        long total = 0;
        int n;
        while ((n = in.read(buffer.clear())) >= 0) {
            total += n;
            if (total > MAX_SOURCE) {
                throw new IOException(real + " is larger than " + (MAX_SOURCE >> 20) + " MiB");
            }
            out.write(buffer.array(), 0, n);
        }
        return out.toByteArray();
    }
}
