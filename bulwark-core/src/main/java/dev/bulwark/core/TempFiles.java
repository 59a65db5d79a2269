package dev.bulwark.core;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How Bulwark writes a file: into a temp file beside its target, then renamed into place, so readers see the old
 * or the new file, never half of one.
 *
 * <p>Modes: temp files and directories are created without explicit permissions, so the operating system applies
 * the process umask exactly as for any other program's output (typically 0644 files, 0755 directories) and the
 * rename keeps that mode. {@link Files#createTempFile} is not used because it always makes 0600 files, which other
 * users (another user's skopeo reading a layout) cannot read. Only private keys and credentials are created 0600,
 * with {@link #createPrivateFile}.
 *
 * <p>Names: {@code .bulwark-<label>.tmp-<pid>-<host>-<random>}, a prefix no other program's files carry. The host tag
 * is a hash of the boot id, the host name and the pid namespace, so a later run tells the leftovers of a killed run
 * (same host and namespace, owner gone) from the temp files of a build still running, here or in another container
 * sharing the cache (another host tag: kept until {@link #MAX_AGE}), see {@link #sweep}.
 */
public final class TempFiles {
    private static final Pattern OWNED = Pattern.compile("^\\.bulwark-.+\\.tmp-(\\d+)-([0-9a-f]{8})-[0-9a-f]{12}$");
    /**
     * Names earlier versions used, without a Bulwark prefix or a host: swept by age only, and only with
     * {@code legacy} set, that is inside directories Bulwark owns (never in a directory the user named).
     */
    private static final Pattern LEGACY = Pattern.compile(
            "^(\\..*\\.tmp-\\d+-[0-9a-f]{12}|\\..*\\.tmp|InRelease-.*\\.new|build-\\d+|run-\\d+)$");
    private static final String HOST = hostTag();
    /** Leftovers without an owner are kept this long, so a build of an older version still running keeps them. */
    public static final Duration UNOWNED_AGE = Duration.ofHours(1);
    /** An owner's pid may be reused; after this long a temp file is stale whoever owns it. */
    public static final Duration MAX_AGE = Duration.ofDays(1);

    private TempFiles() {
    }

    /** A new empty file in {@code dir} (created with parents), mode from the umask. */
    public static Path createFile(Path dir, String label) throws IOException {
        Files.createDirectories(dir);
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createFile(dir.resolve(name(label)));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 8) {
                    throw e;
                }
            }
        }
    }

    /** A new empty file only its owner can read and write (0600 on POSIX file systems): for keys and credentials. */
    public static Path createPrivateFile(Path dir, String label) throws IOException {
        Files.createDirectories(dir);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve(name(label));
            try {
                return posix ? Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                        : Files.createFile(p);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 8) {
                    throw e;
                }
            }
        }
    }

    /** A new empty directory in {@code dir} (created with parents), mode from the umask. */
    public static Path createDirectory(Path dir, String label) throws IOException {
        Files.createDirectories(dir);
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createDirectory(dir.resolve(name(label)));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 8) {
                    throw e;
                }
            }
        }
    }

    /** Renames {@code temp} onto {@code target}, atomically where the file system can. */
    public static void replace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Whether a file name is one of this version's temp names. */
    public static boolean isTemp(String name) {
        return OWNED.matcher(name).matches();
    }

    /** This process's host tag in its temp names: a hash of the boot id, host name and pid namespace. */
    public static String hostTag() {
        StringBuilder id = new StringBuilder();
        for (String file : List.of("/proc/sys/kernel/random/boot_id", "/proc/sys/kernel/hostname")) {
            try {
                id.append(Files.readString(Path.of(file)).strip());
            } catch (IOException | RuntimeException e) {
                id.append('?');
            }
            id.append('\n');
        }
        try {
            id.append(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")));
        } catch (IOException | RuntimeException e) {
            id.append('?');
        }
        return Sha256.hex(id.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 8);
    }

    /** What a sweep removed. */
    public record Sweep(List<Path> removed, long bytes) {
        public Sweep {
            removed = List.copyOf(removed);
        }
    }

    /**
     * Removes stale temp files and directories at most {@code depth} levels below {@code root}, a directory Bulwark
     * owns: those whose owner (this host and pid namespace) is gone, those of an earlier version older than
     * {@link #UNOWNED_AGE}, and any older than {@link #MAX_AGE}. The temp files of a live process, or of another host
     * or container, are kept, so a concurrent build loses nothing. Failures to remove are ignored (the next sweep
     * tries again).
     */
    public static Sweep sweep(Path root, int depth, Instant now) {
        return sweep(root, depth, now, true);
    }

    /**
     * As {@link #sweep(Path, int, Instant)}; with {@code legacy} false only this version's {@code .bulwark-} names are
     * touched, for a directory that may also hold the user's files (the cache root).
     */
    public static Sweep sweep(Path root, int depth, Instant now, boolean legacy) {
        return sweep(root, depth, now, legacy, false);
    }

    /** As {@link #sweep(Path, int, Instant, boolean)}; with {@code dryRun} nothing is removed, only reported. */
    public static Sweep sweep(Path root, int depth, Instant now, boolean legacy, boolean dryRun) {
        List<Path> removed = new ArrayList<>();
        long[] bytes = {0};
        sweep(root, depth, now, legacy, dryRun, removed, bytes);
        return new Sweep(removed, bytes[0]);
    }

    private static void sweep(Path dir, int depth, Instant now, boolean legacy, boolean dryRun, List<Path> removed,
            long[] bytes) {
        List<Path> subdirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (isTemp(name) || legacy && LEGACY.matcher(name).matches()) {
                    // a live process's work directory is left whole: what is inside belongs to it
                    if (stale(p, name, now)) {
                        long size = dryRun ? treeSize(p) : deleteTree(p);
                        if (size >= 0) {
                            removed.add(p);
                            bytes[0] += size;
                        }
                    }
                } else if (depth > 0 && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    subdirs.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            return; // an unreadable or vanished directory holds nothing we can sweep
        }
        for (Path sub : subdirs) {
            sweep(sub, depth - 1, now, legacy, dryRun, removed, bytes);
        }
    }

    private static boolean stale(Path p, String name, Instant now) {
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException e) {
            return false;
        }
        Duration age = Duration.between(modified, now);
        if (age.compareTo(MAX_AGE) > 0) {
            return true;
        }
        Matcher owned = OWNED.matcher(name);
        if (owned.matches()) {
            if (!owned.group(2).equals(HOST)) {
                return false; // another host or container: its pids mean nothing here, so only the age limit applies
            }
            long pid = Long.parseLong(owned.group(1));
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        }
        return age.compareTo(UNOWNED_AGE) > 0;
    }

    /** The bytes of a file or of the regular files of a directory tree (symbolic links not followed), or -1. */
    public static long treeSize(Path p) {
        long[] size = {0};
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(q, LinkOption.NOFOLLOW_LINKS)) {
                    size[0] += Files.size(q);
                }
            }
            return size[0];
        } catch (NoSuchFileException e) {
            return size[0];
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Deletes a file or a directory tree, never following a symlink, not even one swapped in while it runs
     * ({@link dev.bulwark.core.io.TreeDeletion}); returns the bytes freed, or -1 when it could not all be removed.
     */
    public static long deleteTree(Path p) {
        try {
            return dev.bulwark.core.io.TreeDeletion.delete(p);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String name(String label) {
        long random = ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL;
        return ".bulwark-" + label + ".tmp-" + ProcessHandle.current().pid() + "-" + HOST + "-"
                + String.format(java.util.Locale.ROOT, "%012x", random);
    }
}
