package dev.bulwark.scan.match;

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
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A directory read as a chroot would see it: every path, and every symlink met on the way, is resolved inside the
 * directory — absolute link targets restart at its top, '..' stops there — so an unpacked rootfs whose
 * {@code /etc/os-release} points at {@code /etc/os-release} reads the rootfs's file, never the host's.
 *
 * <p>The rootfs may be live (a running container's) and change while it is read, so nothing is opened by a path
 * checked earlier: each component is opened relative to the directory handle opened before it, never following a
 * link ({@link SecureDirectoryStream}, i.e. {@code openat} with {@code O_NOFOLLOW}); symlinks are resolved here,
 * inside the root. Only regular files are opened — their type is read through the handle of their directory before
 * opening, so a FIFO or device is refused instead of blocking the read — and only up to {@link #MAX_FILE} bytes.
 * What remains: a link's target text is read by path (it is only text, then resolved inside the root), and a
 * regular file replaced by a FIFO in the instant between that type check and the open can still block the open.
 */
final class ConfinedRoot {
    /** The largest file read (dpkg status databases and os-release are far smaller); larger ones are refused. */
    static final long MAX_FILE = 64L << 20;
    private static final int MAX_LINKS = 40;
    private final Path top;

    ConfinedRoot(Path dir) throws IOException {
        this.top = dir.toRealPath();
    }

    Path top() {
        return top;
    }

    /** The host path {@code imagePath} resolves to (symlinks, the last one too, resolved inside); null when none. */
    Path resolve(String imagePath) throws IOException {
        return walk(imagePath, e -> e == null ? null : e.host());
    }

    /**
     * The content of the regular file at {@code imagePath}, or null when there is none (or a directory is there).
     *
     * @throws IOException when something other than a regular file or a directory is there (a FIFO, a device, a
     *                     socket), when the file is larger than {@link #MAX_FILE}, or when it changes while opened
     */
    byte[] read(String imagePath) throws IOException {
        return walk(imagePath, e -> {
            if (e == null || e.name() == null) {
                return null;
            }
            if (!e.attrs().isRegularFile()) {
                throw new IOException(imagePath + " is not a regular file; refusing to open it");
            }
            if (e.attrs().size() > MAX_FILE) {
                throw new IOException(imagePath + " is larger than " + (MAX_FILE >> 20) + " MiB; refusing to read it");
            }
            try (SeekableByteChannel in = e.dir().newByteChannel(e.name(),
                    Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
                BasicFileAttributes now = attributes(e.dir(), e.name());
                if (now == null || !now.isRegularFile() || !Objects.equals(now.fileKey(), e.attrs().fileKey())) {
                    throw new IOException(imagePath + " was replaced while it was opened");
                }
                return readCapped(in, imagePath);
            }
        });
    }

    /** The names in the directory at {@code imagePath} (empty when there is none). */
    List<String> list(String imagePath) throws IOException {
        List<String> names = walk(imagePath, e -> {
            List<String> found = new ArrayList<>();
            if (e != null && e.name() == null) {
                for (Path child : e.dir()) {
                    found.add(child.getFileName().toString());
                }
            }
            return found;
        });
        names.sort(null);
        return names;
    }

    /**
     * What a walk ends at: {@code name} (with its attributes) inside the opened directory {@code dir}, or, when
     * {@code name} is null, the directory {@code dir} itself.
     */
    private record Entry(SecureDirectoryStream<Path> dir, Path name, BasicFileAttributes attrs, Path host) {
    }

    private interface Action<T> {
        /** Called with the entry, or null when there is none (missing, a loop, a file used as a directory). */
        T apply(Entry entry) throws IOException;
    }

    /** Walks {@code imagePath} from the top through opened directory handles and applies {@code action} at its end. */
    private <T> T walk(String imagePath, Action<T> action) throws IOException {
        Deque<SecureDirectoryStream<Path>> open = new ArrayDeque<>();
        try {
            open.push(openTop());
            Deque<String> todo = new ArrayDeque<>(split(imagePath));
            List<String> done = new ArrayList<>();
            int links = 0;
            while (!todo.isEmpty()) {
                String part = todo.removeFirst();
                if (part.equals("..")) {
                    if (!done.isEmpty()) {
                        done.remove(done.size() - 1);
                        open.pop().close();
                    }
                    continue;
                }
                Path name = Path.of(part);
                BasicFileAttributes a = attributes(open.peek(), name);
                if (a == null || a.isSymbolicLink() && ++links > MAX_LINKS) {
                    return action.apply(null);
                }
                if (a.isSymbolicLink()) {
                    String target = Files.readSymbolicLink(host(done).resolve(part)).toString();
                    while (target.startsWith("/") && !done.isEmpty()) {
                        done.remove(done.size() - 1);
                        open.pop().close();
                    }
                    List<String> parts = split(target);
                    for (int i = parts.size() - 1; i >= 0; i--) {
                        todo.addFirst(parts.get(i));
                    }
                } else if (a.isDirectory()) {
                    open.push(open.peek().newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS));
                    done.add(part);
                } else if (todo.isEmpty()) {
                    done.add(part);
                    return action.apply(new Entry(open.peek(), name, a, host(done)));
                } else {
                    return action.apply(null);
                }
            }
            return action.apply(new Entry(open.peek(), null, null, host(done)));
        } finally {
            for (SecureDirectoryStream<Path> s : open) {
                s.close();
            }
        }
    }

    private SecureDirectoryStream<Path> openTop() throws IOException {
        DirectoryStream<Path> s = Files.newDirectoryStream(top);
        if (s instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        s.close();
        throw new IOException("cannot open " + top + " safely: this platform has no SecureDirectoryStream");
    }

    private static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        try {
            return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static byte[] readCapped(SeekableByteChannel in, String imagePath) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
        long total = 0;
        int n;
        while ((n = in.read(buffer.clear())) >= 0) {
            total += n;
            if (total > MAX_FILE) {
                throw new IOException(imagePath + " is larger than " + (MAX_FILE >> 20) + " MiB; refusing to read it");
            }
            out.write(buffer.array(), 0, n);
        }
        return out.toByteArray();
    }

    private Path host(List<String> parts) {
        Path p = top;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }

    private static List<String> split(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts;
    }
}
