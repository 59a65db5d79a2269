package dev.bulwark.check.match;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A directory read as a chroot would see it: every path, and every symlink met on the way, is resolved inside the
 * directory — absolute link targets restart at its top, '..' stops there — so an unpacked rootfs whose
 * {@code /etc/os-release} points at {@code /etc/os-release} reads the rootfs's file, never the host's.
 */
final class ConfinedRoot {
    private static final int MAX_LINKS = 40;
    private final Path top;

    ConfinedRoot(Path dir) throws IOException {
        this.top = dir.toRealPath();
    }

    Path top() {
        return top;
    }

    /** The host path of {@code imagePath} with all symlinks (the last one too) resolved inside; null on a loop. */
    Path resolve(String imagePath) throws IOException {
        Deque<String> todo = new ArrayDeque<>(split(imagePath));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.removeFirst();
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            done.add(part);
            Path here = host(done);
            if (Files.isSymbolicLink(here)) {
                if (++links > MAX_LINKS) {
                    return null;
                }
                String target = Files.readSymbolicLink(here).toString();
                done.remove(done.size() - 1);
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> parts = split(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
            }
        }
        return host(done);
    }

    /** The content of the regular file at {@code imagePath}, or null when there is none (or it is not regular). */
    byte[] read(String imagePath) throws IOException {
        Path p = resolve(imagePath);
        if (p == null || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            return in.readAllBytes();
        }
    }

    /** The names in the directory at {@code imagePath} (empty when there is none). */
    List<String> list(String imagePath) throws IOException {
        Path p = resolve(imagePath);
        List<String> names = new ArrayList<>();
        if (p != null && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
                s.forEach(child -> names.add(child.getFileName().toString()));
            }
        }
        names.sort(null);
        return names;
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
