package dev.bulwark.scan.match;

import dev.bulwark.core.io.ConfinedDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A directory read as a chroot would see it: every path, and every symlink met on the way, is resolved inside the
 * directory — absolute link targets restart at its top, '..' stops there — so an unpacked rootfs whose
 * {@code /etc/os-release} points at {@code /etc/os-release} reads the rootfs's file, never the host's.
 *
 * <p>The rootfs may be live (a running container's) and change while it is read, so nothing is opened by a path
 * checked earlier: each component is opened relative to the directory handle opened before it, never following a
 * link ({@link ConfinedDirectory}, i.e. {@code openat} with {@code O_NOFOLLOW}); symlinks are resolved here,
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
            return e.dir().read(e.name(), e.attrs(), MAX_FILE, imagePath,
                    imagePath + " is larger than " + (MAX_FILE >> 20) + " MiB; refusing to read it");
        });
    }

    /** The names in the directory at {@code imagePath} (empty when there is none). */
    List<String> list(String imagePath) throws IOException {
        List<String> names = walk(imagePath, e -> {
            return e != null && e.name() == null ? e.dir().names() : new ArrayList<String>();
        });
        names.sort(null);
        return names;
    }

    /**
     * What a walk ends at: {@code name} (with its attributes) inside the opened directory {@code dir}, or, when
     * {@code name} is null, the directory {@code dir} itself.
     */
    private record Entry(ConfinedDirectory dir, Path name, BasicFileAttributes attrs, Path host) {
    }

    private interface Action<T> {
        /** Called with the entry, or null when there is none (missing, a loop, a file used as a directory). */
        T apply(Entry entry) throws IOException;
    }

    /** Walks {@code imagePath} from the top through opened directory handles and applies {@code action} at its end. */
    private <T> T walk(String imagePath, Action<T> action) throws IOException {
        Deque<ConfinedDirectory> open = new ArrayDeque<>();
        try {
            open.push(ConfinedDirectory.open(top, "open " + top));
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
                BasicFileAttributes a = open.peek().attributes(name);
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
                    open.push(open.peek().directory(name));
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
            for (ConfinedDirectory d : open) {
                d.close();
            }
        }
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
