package dev.bulwark.core.io;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An opened directory handle from which names are looked at and opened relative to the handle, never following a
 * symlink ({@link SecureDirectoryStream}: {@code fstatat}/{@code openat} with {@code O_NOFOLLOW}). A caller walks a
 * path one component at a time through these handles, so a directory swapped for a symlink after it was checked
 * cannot redirect the walk; a file's type is read through its directory's handle before it is opened, so a FIFO put
 * in its place is refused instead of blocking, and it is checked again after opening.
 */
public final class ConfinedDirectory implements Closeable {
    private static final int BUFFER = 64 << 10;
    private final SecureDirectoryStream<Path> dir;

    private ConfinedDirectory(SecureDirectoryStream<Path> dir) {
        this.dir = dir;
    }

    /**
     * Opens {@code path} (following links: the caller trusts where it starts); {@code what} completes the error
     * "cannot {@code what} safely: this platform has no SecureDirectoryStream".
     */
    public static ConfinedDirectory open(Path path, String what) throws IOException {
        DirectoryStream<Path> s = Files.newDirectoryStream(path);
        if (s instanceof SecureDirectoryStream<Path> secure) {
            return new ConfinedDirectory(secure);
        }
        s.close();
        throw new IOException("cannot " + what + " safely: this platform has no SecureDirectoryStream");
    }

    /** The attributes of {@code name} itself (a link is not followed), or null when there is no such entry. */
    public BasicFileAttributes attributes(Path name) throws IOException {
        try {
            return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Opens the subdirectory {@code name}; fails if it is a symlink or no longer a directory. */
    public ConfinedDirectory directory(Path name) throws IOException {
        return new ConfinedDirectory(dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS));
    }

    /** The names in this directory, in the order the filesystem gives them. */
    public List<String> names() {
        List<String> found = new ArrayList<>();
        for (Path child : dir) {
            found.add(child.getFileName().toString());
        }
        return found;
    }

    /**
     * The bytes of the regular file {@code name}, whose attributes {@code checked} the caller read (and judged) before.
     * Refuses with {@code tooLarge} a file of more than {@code max} bytes, before opening and while reading, and with
     * "{@code shown} was replaced while it was opened" one that is no longer the file that was checked.
     */
    public byte[] read(Path name, BasicFileAttributes checked, long max, String shown, String tooLarge)
            throws IOException {
        if (checked.size() > max) {
            throw new IOException(tooLarge);
        }
        try (SeekableByteChannel in = dir.newByteChannel(name,
                Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            BasicFileAttributes now = attributes(name);
            if (now == null || !now.isRegularFile() || !Objects.equals(now.fileKey(), checked.fileKey())) {
                throw new IOException(shown + " was replaced while it was opened");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            long total = 0;
            for (int n = in.read(buffer.clear()); n >= 0; n = in.read(buffer.clear())) {
                total += n;
                if (total > max) {
                    throw new IOException(tooLarge);
                }
                out.write(buffer.array(), 0, n);
            }
            return out.toByteArray();
        }
    }

    @Override
    public void close() throws IOException {
        dir.close();
    }
}
