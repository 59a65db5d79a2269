package dev.bulwark.core.io;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deletes a file or a directory tree without ever following a symbolic link. Below the starting path nothing is looked
 * up by path again: every directory is opened (never through a link) and its entries are removed relative to that
 * open directory ({@link SecureDirectoryStream}: {@code unlinkat}/{@code openat} with {@code O_NOFOLLOW}), so a
 * directory swapped for a link while the deletion runs cannot redirect it out of the tree — an unpacked image's own
 * links, or someone racing a cache prune run by a more privileged user. Directories are made writable by their owner
 * first (an image's 0500 directory would otherwise stay). Not covered: Java opens a directory without
 * {@code O_DIRECTORY}, so a FIFO swapped in for a directory between its listing and its opening blocks the deletion
 * (it cannot redirect it); only someone who may write inside the tree can do that.
 */
public final class TreeDeletion {
    private static final Set<PosixFilePermission> OWNER_RWX = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private long bytes;
    /** Files already counted: each of a file's hard links in the tree frees its bytes once, not once per name. */
    private final Set<Object> counted = new java.util.HashSet<>();

    private TreeDeletion() {
    }

    /**
     * Deletes {@code p} (a link is removed, not followed; a missing path is fine) and returns the bytes of the regular
     * files removed. On a failure part of the tree may be gone; the exception says which path stopped it.
     */
    public static long delete(Path p) throws IOException {
        return delete(p, dir -> { });
    }

    /**
     * As {@link #delete(Path)}; {@code listed} sees each directory once its entries are listed and before any is
     * removed, for tests that swap a directory for a link at that moment.
     */
    public static long delete(Path p, Consumer<Path> listed) throws IOException {
        TreeDeletion deletion = new TreeDeletion();
        deletion.deleteTop(p, listed);
        return deletion.bytes;
    }

    private void deleteTop(Path p, Consumer<Path> listed) throws IOException {
        BasicFileAttributes top;
        try {
            top = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!top.isDirectory()) {
            if (Files.deleteIfExists(p) && top.isRegularFile()) {
                count(top);
            }
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
            if (!(ds instanceof SecureDirectoryStream<Path> sds)) {
                throw new IOException("cannot delete " + p + ": this platform cannot delete a directory tree safely");
            }
            if (!top.fileKey().equals(sds.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey())) {
                throw new IOException("cannot delete " + p + ": it was replaced while being opened");
            }
            clearOpened(sds, p, listed);
        } catch (NoSuchFileException e) {
            return;   // removed by someone else meanwhile
        }
        try {
            Files.deleteIfExists(p);
        } catch (DirectoryNotEmptyException e) {
            throw new IOException("cannot delete " + p + ": not empty (something was added while it was deleted)", e);
        }
    }

    private void clearOpened(SecureDirectoryStream<Path> dir, Path shown, Consumer<Path> listed) throws IOException {
        makeWritable(dir, shown);
        List<Path> names = new ArrayList<>();
        for (Path entry : dir) {
            names.add(entry.getFileName());
        }
        listed.accept(shown);
        for (Path name : names) {
            BasicFileAttributes a;
            try {
                a = dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes();
            } catch (NoSuchFileException e) {
                continue;
            }
            try {
                if (a.isDirectory()) {
                    try (SecureDirectoryStream<Path> child = openChild(dir, name, a.fileKey(), shown)) {
                        clearOpened(child, shown.resolve(name), listed);
                    }
                    dir.deleteDirectory(name);
                } else {
                    dir.deleteFile(name);
                    if (a.isRegularFile()) {
                        count(a);
                    }
                }
            } catch (NoSuchFileException e) {
                // removed by someone else meanwhile: what we came to do
            } catch (DirectoryNotEmptyException e) {
                throw new IOException("cannot delete " + shown.resolve(name) + ": not empty", e);
            }
        }
    }

    private void count(BasicFileAttributes file) {
        if (file.fileKey() == null || counted.add(file.fileKey())) {
            bytes += file.size();
        }
    }

    /**
     * Opens the child directory listed as {@code name} (file key {@code key}), never through a symlink. One its owner
     * may not read is made readable first, by path as Java has no {@code fchmodat}: only for an unprivileged user (who
     * can change only its own files), and only once the path, looked at without following links, still names that
     * directory. A privileged process (root on an NFS mount that squashes it, say) is told the directory cannot be
     * read instead: a link swapped in at that moment would have it change anyone's file.
     */
    private static SecureDirectoryStream<Path> openChild(SecureDirectoryStream<Path> dir, Path name, Object key,
            Path shown) throws IOException {
        try {
            return dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.AccessDeniedException e) {
            Path path = shown.resolve(name);
            if (privileged()) {
                throw new IOException("cannot delete " + path + ": it cannot be read (make it readable, or delete it as"
                        + " its owner)", e);
            }
            BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!now.isDirectory() || !java.util.Objects.equals(now.fileKey(), key)) {
                throw new IOException("cannot delete " + path + ": it was replaced while being deleted", e);
            }
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
            return dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** Whether this process runs as root (or cannot tell: then it is treated as such). */
    private static boolean privileged() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** u+rwx on an open directory (through its descriptor), so that its entries can be removed. */
    private static void makeWritable(SecureDirectoryStream<Path> dir, Path shown) throws IOException {
        PosixFileAttributeView view = dir.getFileAttributeView(PosixFileAttributeView.class);
        Set<PosixFilePermission> perms = view.readAttributes().permissions();
        if (!perms.containsAll(OWNER_RWX)) {
            Set<PosixFilePermission> more = EnumSet.copyOf(OWNER_RWX);
            more.addAll(perms);
            try {
                view.setPermissions(more);
            } catch (IOException e) {
                throw new IOException("cannot make " + shown + " writable to delete it: " + e, e);
            }
        }
    }
}
