package dev.bulwark.oci.layer;

import java.util.Objects;

/**
 * One entry of a layer as the image should see it. {@code path} is absolute ("/usr/bin/python3") and is
 * written without the leading slash; directories get a trailing slash in the tar. A hard link's
 * {@code linkTarget} is another absolute path in the same layer; a symlink's is written as given.
 * {@code uname}/{@code gname} may be null (written empty); {@code content} is needed only for non-empty files.
 */
public record TarEntry(String path, Type type, int mode, int uid, int gid, String uname, String gname, long size,
                       String linkTarget, ContentSource content) {

    public enum Type { FILE, DIR, SYMLINK, HARDLINK }

    public TarEntry {
        checkPath(path, "path");
        Objects.requireNonNull(type, "type");
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode of " + path + " is not within 07777: " + Integer.toOctalString(mode));
        }
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("uid/gid of " + path + " is negative");
        }
        if (type == Type.FILE ? size < 0 : size != 0) {
            throw new IllegalArgumentException("size of " + path + " must be >= 0 for a file and 0 otherwise");
        }
        boolean link = type == Type.SYMLINK || type == Type.HARDLINK;
        if (link == (linkTarget == null || linkTarget.isEmpty())) {
            throw new IllegalArgumentException("link target of " + path + " must be set exactly for links");
        }
        if (type == Type.HARDLINK) {
            checkPath(linkTarget, "hard link target");
        }
        if (linkTarget != null && linkTarget.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("link target of " + path + " contains NUL");
        }
        if (type == Type.FILE && size > 0 && content == null) {
            throw new IllegalArgumentException("file " + path + " has a size but no content");
        }
    }

    public static TarEntry file(String path, int mode, int uid, int gid, long size, ContentSource content) {
        return new TarEntry(path, Type.FILE, mode, uid, gid, null, null, size, null, content);
    }

    public static TarEntry file(String path, int mode, byte[] content) {
        return file(path, mode, 0, 0, content.length, ContentSource.ofBytes(content));
    }

    public static TarEntry dir(String path, int mode, int uid, int gid) {
        return new TarEntry(path, Type.DIR, mode, uid, gid, null, null, 0, null, null);
    }

    public static TarEntry symlink(String path, String target) {
        return new TarEntry(path, Type.SYMLINK, 0777, 0, 0, null, null, 0, target, null);
    }

    public static TarEntry hardlink(String path, String target, int mode, int uid, int gid) {
        return new TarEntry(path, Type.HARDLINK, mode, uid, gid, null, null, 0, target, null);
    }

    /** The name as written in the tar: no leading slash, a trailing slash for directories. */
    public String tarName() {
        return path.substring(1) + (type == Type.DIR ? "/" : "");
    }

    private static void checkPath(String p, String what) {
        if (p == null || !p.startsWith("/") || p.length() < 2 || p.endsWith("/") || p.contains("//")
                || p.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must be absolute, not the root, without '//' or a trailing"
                    + " slash: " + p);
        }
        for (String part : p.substring(1).split("/")) {
            if (part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException(what + " must not contain '.' or '..': " + p);
            }
        }
    }
}
