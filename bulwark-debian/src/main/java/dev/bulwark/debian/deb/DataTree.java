package dev.bulwark.debian.deb;

import dev.bulwark.core.tar.TarHeader;

import java.util.HashMap;
import java.util.Map;

/**
 * The entries of one package's data member seen so far. It turns each tar entry into a {@link DataEntry} and refuses
 * the ones that could escape or redirect the image tree: {@code ..} components, absolute names, NUL in names,
 * devices, FIFOs and unknown types, hard links to anything but an earlier regular file, entries below an earlier
 * symlink or file, and duplicates.
 */
final class DataTree {
    private final Map<String, DataEntry.Type> seen = new HashMap<>();

    /** The checked entry for the tar reader's current entry. */
    DataEntry accept(MemberTar tar) throws DebException {
        TarHeader h = tar.entry();
        String raw = h.name();
        DataEntry.Type type = switch (h.type()) {
            case '0' -> DataEntry.Type.FILE;
            case '5' -> DataEntry.Type.DIRECTORY;
            case '2' -> DataEntry.Type.SYMLINK;
            case '1' -> DataEntry.Type.HARDLINK;
            case '3', '4' -> throw refuse(tar, raw, "device nodes are not allowed");
            case '6' -> throw refuse(tar, raw, "FIFOs are not allowed");
            default -> throw refuse(tar, raw, "unknown entry type '" + printable(h.type()) + "'");
        };
        String path = normalize(tar, raw, raw);
        if (type != DataEntry.Type.FILE && h.size() != 0) {
            throw refuse(tar, raw, "a " + type.name().toLowerCase(java.util.Locale.ROOT) + " entry has size "
                    + h.size());
        }
        if (path.equals("/") && type != DataEntry.Type.DIRECTORY) {
            throw refuse(tar, raw, "the root entry is not a directory");
        }
        checkParents(tar, raw, path);
        DataEntry.Type earlier = seen.putIfAbsent(path, type);
        if (earlier != null && !(earlier == DataEntry.Type.DIRECTORY && type == DataEntry.Type.DIRECTORY)) {
            throw refuse(tar, raw, "duplicate entry (an earlier " + earlier.name().toLowerCase(java.util.Locale.ROOT)
                    + " has the same path)");
        }
        return new DataEntry(path, type, h.mode(), id(tar, raw, h.uid(), "uid"), id(tar, raw, h.gid(), "gid"),
                h.uname(), h.gname(), type == DataEntry.Type.FILE ? h.size() : 0, h.mtime(),
                linkTarget(tar, raw, type));
    }

    private String linkTarget(MemberTar tar, String raw, DataEntry.Type type) throws DebException {
        String link = tar.entry().linkName();
        if (type == DataEntry.Type.SYMLINK) {
            if (link.isEmpty() || link.indexOf('\0') >= 0) {
                throw refuse(tar, raw, link.isEmpty() ? "symlink has an empty target" : "symlink target contains NUL");
            }
            return link;
        }
        if (type == DataEntry.Type.HARDLINK) {
            String target = normalize(tar, raw, link);
            if (seen.get(target) != DataEntry.Type.FILE) {
                throw refuse(tar, raw, "hard link target " + link + " is not an earlier regular file of the package");
            }
            return target;
        }
        return null;
    }

    /**
     * The nearest ancestor that is itself an entry must be a directory: below a symlink a later entry would land
     * wherever the link points, below a file it cannot exist. Ancestors above it were checked when it was accepted.
     */
    private void checkParents(MemberTar tar, String raw, String path) throws DebException {
        int slash = path.lastIndexOf('/');
        while (slash > 0) {
            String parent = path.substring(0, slash);
            DataEntry.Type type = seen.get(parent);
            if (type == DataEntry.Type.DIRECTORY) {
                return;
            }
            if (type == DataEntry.Type.SYMLINK) {
                throw refuse(tar, raw, "parent " + parent + " is a symlink earlier in the package");
            }
            if (type != null) {
                throw refuse(tar, raw, "parent " + parent + " is not a directory");
            }
            slash = path.lastIndexOf('/', slash - 1);
        }
    }

    /** "./usr/bin/x", "usr/bin/x" and "./usr/bin/" become "/usr/bin/x" and "/usr/bin"; "./" becomes "/". */
    private static String normalize(MemberTar tar, String raw, String name) throws DebException {
        if (name.indexOf('\0') >= 0) {
            throw refuse(tar, raw, "name contains NUL");
        }
        if (name.startsWith("/")) {
            throw refuse(tar, raw, "absolute entry name " + name);
        }
        if (name.isEmpty()) {
            throw refuse(tar, raw, "empty entry name");
        }
        int first = name.startsWith("./") ? 2 : name.equals(".") ? 1 : 0;
        boolean clean = first == 2;
        for (int start = first; start < name.length(); ) {
            int end = name.indexOf('/', start);
            if (end < 0) {
                end = name.length();
            }
            int len = end - start;
            if (len == 2 && name.charAt(start) == '.' && name.charAt(start + 1) == '.') {
                throw refuse(tar, raw, "path " + name + " has a '..' component");
            }
            clean &= len > 1 || (len == 1 && name.charAt(start) != '.');
            start = end + 1;
        }
        if (clean) {
            // the usual "./usr/bin/x" or "./usr/bin/": one substring, no rebuilding
            int end = name.endsWith("/") ? name.length() - 1 : name.length();
            return end <= 1 ? "/" : name.substring(1, end);
        }
        StringBuilder path = new StringBuilder(name.length() + 1);
        for (int start = first; start < name.length(); ) {
            int end = name.indexOf('/', start);
            if (end < 0) {
                end = name.length();
            }
            int len = end - start;
            if (len > 0 && !(len == 1 && name.charAt(start) == '.')) {
                path.append('/').append(name, start, end);
            }
            start = end + 1;
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    private static int id(MemberTar tar, String raw, long id, String what) throws DebException {
        if (id > Integer.MAX_VALUE) {
            throw refuse(tar, raw, what + " " + id + " is out of range");
        }
        return (int) id;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format(java.util.Locale.ROOT, "\\x%02x", (int) c);
    }

    private static DebException refuse(MemberTar tar, String raw, String why) {
        return tar.error("entry " + raw.replace("\0", "\\0") + ": " + why);
    }
}
