package dev.bulwark.spec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A {@code type: directory} entry with a {@code source}: a directory inside the spec's folder whose tree is copied
 * below the entry's path. It is expanded when the spec is read into one entry per directory and regular file, in
 * name order (so the image does not depend on the host's directory order), each file keeping its confined real path
 * (read again, without following links, at build time like any source). What the host does not decide: directories
 * take the entry's mode, files 0755 when their owner may execute them and 0644 otherwise, every entry the entry's
 * uid and gid; the builder gives each the image's fixed mtime. A symlink or a special file in the tree is an error
 * (a link could lead out of the folder; the spec writes links as {@code type: symlink}). At most {@link #MAX_ENTRIES}
 * entries and {@link #MAX_DEPTH} levels.
 */
final class DirectorySources {
    static final int MAX_ENTRIES = 10_000;
    static final int MAX_DEPTH = 32;

    private final SpecNode node;
    private final PathEntry top;
    private final List<PathEntry> out = new ArrayList<>();

    private DirectorySources(SpecNode node, PathEntry top) {
        this.node = node;
        this.top = top;
    }

    /** {@code top} (with no source) followed by the entries of the tree at {@code real}, parents before children. */
    static List<PathEntry> expand(SpecNode node, PathEntry top, Path real) throws SpecException {
        DirectorySources walk = new DirectorySources(node, top);
        walk.out.add(top);
        walk.directory(real, top.path(), 1);
        return walk.out;
    }

    private void directory(Path dir, String imagePath, int depth) throws SpecException {
        if (depth > MAX_DEPTH) {
            throw node.fail("source directory " + dir + " is nested more than " + MAX_DEPTH + " levels deep");
        }
        TreeMap<String, Path> children = new TreeMap<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
            for (Path child : list) {
                children.put(child.getFileName().toString(), child);
            }
        } catch (IOException e) {
            throw node.fail("cannot list source directory " + dir + ": " + e.getMessage());
        }
        for (var child : children.entrySet()) {
            String path = imagePath + "/" + child.getKey();
            BasicFileAttributes a = attributes(child.getValue());
            if (out.size() >= MAX_ENTRIES) {
                throw node.fail("source directory " + top.path() + " holds more than " + MAX_ENTRIES + " entries; "
                        + "put large trees in a package or a base image");
            }
            if (a.isDirectory()) {
                out.add(entry(path, PathEntry.Type.DIRECTORY, null, top.mode()));
                directory(child.getValue(), path, depth + 1);
            } else if (a.isRegularFile()) {
                boolean executable = a instanceof PosixFileAttributes p
                        && p.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
                out.add(entry(path, PathEntry.Type.FILE, child.getValue().toString(), executable ? 0755 : 0644));
            } else {
                throw node.fail("source directory holds " + child.getValue() + ", which is "
                        + (a.isSymbolicLink() ? "a symlink" : "not a regular file or directory")
                        + "; copy the file it stands for, or declare the link as a 'type: symlink' entry");
            }
        }
    }

    private PathEntry entry(String path, PathEntry.Type type, String source, int mode) throws SpecException {
        return node.check(() -> new PathEntry(path, type, source, null, null, top.uid(), top.gid(), mode));
    }

    private BasicFileAttributes attributes(Path p) throws SpecException {
        try {
            try {
                return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (UnsupportedOperationException e) {
                return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw node.fail("cannot read " + p + " in a source directory: " + e.getMessage());
        }
    }
}
