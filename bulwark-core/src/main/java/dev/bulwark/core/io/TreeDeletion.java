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
 * first (an image's 0500 directory would otherwise stay).
 */
public final class TreeDeletion {
    private static final Set<PosixFilePermission> OWNER_RWX = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private long bytes;

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
                bytes += top.size();
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
                    try (SecureDirectoryStream<Path> child = openChild(dir, name, shown)) {
                        clearOpened(child, shown.resolve(name), listed);
                    }
                    dir.deleteDirectory(name);
                } else {
                    dir.deleteFile(name);
                    if (a.isRegularFile()) {
                        bytes += a.size();
                    }
                }
            } catch (NoSuchFileException e) {
                // removed by someone else meanwhile: what we came to do
            } catch (DirectoryNotEmptyException e) {
                throw new IOException("cannot delete " + shown.resolve(name) + ": not empty", e);
            }
        }
    }

    /** Opens a child directory, never through a symlink; one its owner may not read is made readable first. */
    private static SecureDirectoryStream<Path> openChild(SecureDirectoryStream<Path> dir, Path name, Path shown)
            throws IOException {
        try {
            return dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.AccessDeniedException e) {
            // Only an ordinary user gets here (root reads any directory), on a directory it owns: Java has no
            // fchmodat, so this one chmod goes by path; at worst it makes another of that user's own files rwx.
            Files.setPosixFilePermissions(shown.resolve(name), PosixFilePermissions.fromString("rwx------"));
            return dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
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
