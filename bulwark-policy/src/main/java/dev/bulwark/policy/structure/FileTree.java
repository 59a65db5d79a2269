package dev.bulwark.policy.structure;

import dev.bulwark.policy.model.FileFact;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Path lookups in an image's file list, resolving symlinked directories on the way (merged-/usr {@code /bin}). */
final class FileTree {
    private static final int MAX_HOPS = 32;
    private final Map<String, FileFact> byPath = new HashMap<>();

    FileTree(List<FileFact> files) {
        files.forEach(f -> byPath.put(f.path(), f));
        byPath.putIfAbsent("/", new FileFact("/", "dir", 0755, 0, 0, 0, null));
    }

    /** The entry at {@code path}; symlinks among its parents are followed, the last component only if asked. */
    FileFact lookup(String path, boolean followLast) {
        String current = normalize(path);
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            String resolved = resolveParents(current, 0);
            if (resolved == null) {
                return null;
            }
            FileFact f = byPath.get(resolved);
            if (f == null || !followLast || !f.isSymlink()) {
                return f;
            }
            current = join(parent(resolved), f.linkTarget());
        }
        return null;
    }

    private String resolveParents(String path, int depth) {
        if (path.equals("/") || depth > MAX_HOPS) {
            return depth > MAX_HOPS ? null : path;
        }
        String parent = resolveParents(parent(path), depth + 1);
        if (parent == null) {
            return null;
        }
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            FileFact p = byPath.get(parent);
            if (p == null || !p.isSymlink()) {
                break;
            }
            parent = resolveParents(join(parent(parent), p.linkTarget()), depth + 1);
            if (parent == null) {
                return null;
            }
        }
        return (parent.equals("/") ? "" : parent) + path.substring(path.lastIndexOf('/'));
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String join(String dir, String target) {
        return normalize(target.startsWith("/") ? target : dir + "/" + target);
    }

    static String normalize(String path) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** The mode as Go's {@code os.FileMode.String()} writes it (what container-structure-test compares). */
    static String modeString(FileFact f) {
        StringBuilder b = new StringBuilder();
        if (f.isDir()) {
            b.append('d');
        }
        if (f.isSymlink()) {
            b.append('L');
        }
        if (f.type().equals("char_device") || f.type().equals("block_device")) {
            b.append('D');
        }
        if (f.type().equals("fifo")) {
            b.append('p');
        }
        if ((f.mode() & 04000) != 0) {
            b.append('u');
        }
        if ((f.mode() & 02000) != 0) {
            b.append('g');
        }
        if (f.type().equals("char_device")) {
            b.append('c');
        }
        if ((f.mode() & 01000) != 0) {
            b.append('t');
        }
        if (b.length() == 0) {
            b.append('-');
        }
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            b.append((f.mode() & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return b.toString();
    }
}
