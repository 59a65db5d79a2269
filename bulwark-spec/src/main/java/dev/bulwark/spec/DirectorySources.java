package dev.bulwark.spec;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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
 * entries and {@link #MAX_DEPTH} levels per entry, and {@link #MAX_BYTES} of files in all the spec's directory sources.
 */
final class DirectorySources {
    static final int MAX_ENTRIES = 10_000;
    static final int MAX_DEPTH = 32;
    /**
     * The most bytes the files of all directory sources of one spec may hold: the builder keeps every copied file in
     * memory while it writes the layer, and the CLI's heap is about 1 GiB.
     */
    static final long MAX_BYTES = 256L << 20;
    /** How the JDK decodes file names on this host ({@code sun.jnu.encoding}). */
    private static final String HOST_NAMES = System.getProperty("sun.jnu.encoding",
            System.getProperty("native.encoding", "UTF-8"));
    private static final boolean UTF8_NAMES = isUtf8(HOST_NAMES);

    private final SpecNode node;
    private final SpecReader spec;
    private final PathEntry top;
    private final List<PathEntry> out = new ArrayList<>();

    private DirectorySources(SpecNode node, SpecReader spec, PathEntry top) {
        this.node = node;
        this.spec = spec;
        this.top = top;
    }

    /** {@code top} (with no source) followed by the entries of the tree at {@code real}, parents before children. */
    static List<PathEntry> expand(SpecNode node, SpecReader spec, PathEntry top, Path real) throws SpecException {
        DirectorySources walk = new DirectorySources(node, spec, top);
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
                children.put(name(child), child);
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
                if (spec.addDirectoryBytes(a.size()) > MAX_BYTES) {
                    throw node.fail("source directories hold more than " + (MAX_BYTES >> 20)
                            + " MiB of files (reached at " + child.getValue() + "); put large trees in a package or a "
                            + "base image");
                }
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

    /**
     * The name of {@code child} as the image will hold it, in UTF-8: only a name that decodes to a string which
     * encodes back to the same bytes (so two names never become one, and the source path stays the file's own), and
     * a non-ASCII name only when the host decodes names as UTF-8 (under a C/POSIX locale it cannot be read right).
     */
    private String name(Path child) throws SpecException {
        String name = child.getFileName().toString();
        boolean ok;
        try {
            ok = Path.of(name).equals(child.getFileName()) && name.indexOf('\uFFFD') < 0
                    && StandardCharsets.UTF_8.newEncoder().canEncode(name)
                    && (name.chars().allMatch(c -> c < 0x80) || UTF8_NAMES);
        } catch (InvalidPathException e) {
            ok = false;
        }
        if (!ok) {
            throw node.fail("source directory " + child.getParent() + " holds a file name that is not valid UTF-8 ("
                    + name.replaceAll("[^\\x20-\\x7e]", "?") + ")" + (UTF8_NAMES ? "" : " or, under this host's "
                    + HOST_NAMES + " locale, not ASCII") + "; rename it to UTF-8"
                    + (UTF8_NAMES ? "" : " and run with a UTF-8 locale (LANG=C.UTF-8)"));
        }
        return name;
    }

    private PathEntry entry(String path, PathEntry.Type type, String source, int mode) throws SpecException {
        return node.check(() -> new PathEntry(path, type, source, null, null, top.uid(), top.gid(), mode));
    }

    private static boolean isUtf8(String charset) {
        try {
            return Charset.forName(charset).equals(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
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
