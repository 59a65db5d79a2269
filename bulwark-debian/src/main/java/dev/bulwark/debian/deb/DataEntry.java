package dev.bulwark.debian.deb;

import java.util.Objects;

/**
 * One entry of a package's data member, checked and normalized: {@code path} is absolute ({@code "/usr/bin/python3"},
 * the root is {@code "/"}) without a trailing slash or {@code "."}/{@code ".."} components; {@code mode} holds only
 * permission bits (with setuid, setgid and sticky); {@code size} is non-zero only for files. {@code linkTarget} is the
 * symlink target exactly as stored, or the normalized absolute path a hard link points to, and null otherwise.
 */
public record DataEntry(String path, Type type, int mode, int uid, int gid, String uname, String gname, long size,
        long mtime, String linkTarget) {

    /** The entry kinds a package may carry; devices and FIFOs are refused while reading. */
    public enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK }

    public DataEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(uname, "uname");
        Objects.requireNonNull(gname, "gname");
        String problem = pathProblem(path);
        if (problem != null) {
            throw new IllegalArgumentException("cannot create entry " + path + ": " + problem);
        }
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("cannot create entry " + path + ": mode "
                    + Integer.toOctalString(mode) + " has bits beyond 07777");
        }
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("cannot create entry " + path + ": negative owner " + uid + ":" + gid);
        }
        if (size < 0 || (size != 0 && type != Type.FILE)) {
            throw new IllegalArgumentException("cannot create entry " + path + ": size " + size + " for a " + type);
        }
        boolean link = type == Type.SYMLINK || type == Type.HARDLINK;
        if (link != (linkTarget != null) || (link && linkTarget.isEmpty())) {
            throw new IllegalArgumentException("cannot create entry " + path + ": link target "
                    + (link ? "missing" : "given") + " for a " + type);
        }
        if (type == Type.HARDLINK && pathProblem(linkTarget) != null) {
            throw new IllegalArgumentException("cannot create entry " + path + ": hard link target " + linkTarget
                    + " is not a normalized absolute path");
        }
    }

    /** Why {@code path} is not a normalized absolute path, or null when it is one. */
    static String pathProblem(String path) {
        if (path.equals("/")) {
            return null;
        }
        if (!path.startsWith("/")) {
            return "path is not absolute";
        }
        if (path.endsWith("/")) {
            return "path ends with '/'";
        }
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            int len = end - start;
            if (len == 0 || (len == 1 && path.charAt(start) == '.')
                    || (len == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.')) {
                return "path has an empty, '.' or '..' component";
            }
            start = end + 1;
        }
        return path.indexOf('\0') >= 0 ? "path contains NUL" : null;
    }
}
