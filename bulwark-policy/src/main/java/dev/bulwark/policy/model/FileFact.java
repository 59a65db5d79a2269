package dev.bulwark.policy.model;

import java.util.Objects;

/**
 * One path of the image's merged filesystem. {@code type} is file, dir, symlink, hardlink or other; {@code mode}
 * holds the permission and setuid/setgid/sticky bits (07777); {@code linkTarget} is null unless a link.
 */
public record FileFact(String path, String type, int mode, long uid, long gid, long size, String linkTarget) {
    public FileFact {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: " + path);
        }
        mode &= 07777;
    }

    public boolean isFile() {
        return type.equals("file");
    }

    public boolean isDir() {
        return type.equals("dir");
    }

    public boolean isSymlink() {
        return type.equals("symlink");
    }
}
