package dev.bulwark.core;

import dev.bulwark.core.BulwarkException.Kind;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before any download or build, that a directory Bulwark will write into can be written, so a read-only
 * cache or output fails at once with what to do instead of after minutes of work. The check creates and removes a
 * probe file, which is the only test that also holds for root (who ignores mode bits but not read-only mounts).
 */
public final class Writable {
    private Writable() {
    }

    /**
     * Checks that {@code dir} exists or can be created and that files can be created in it. {@code what} names its
     * role ("the cache"), {@code remedy} says what to do ("pass --cache DIR").
     */
    public static void directory(Path dir, String what, String remedy) throws BulwarkException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BulwarkException(Kind.ENVIRONMENT, "cannot write " + what + " " + dir + ": cannot create it ("
                    + cause(e) + "); " + remedy, e);
        }
        probe(dir, what, dir, remedy);
    }

    /**
     * Checks that {@code target} (a file or directory that may not exist yet) can be created or replaced: its nearest
     * existing ancestor must be a writable directory. Nothing is created except a probe file, removed at once.
     */
    public static void target(Path target, String what, String remedy) throws BulwarkException {
        Path abs = target.toAbsolutePath().normalize();
        Path existing = Files.isDirectory(abs) ? abs : abs.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return; // nothing exists up to the root: creating it will report the real cause
        }
        if (!Files.isDirectory(existing)) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot write " + what + " " + target + ": " + existing
                    + " is not a directory; " + remedy);
        }
        probe(existing, what, target, remedy);
    }

    private static void probe(Path dir, String what, Path shown, String remedy) throws BulwarkException {
        try {
            Path probe = TempFiles.createFile(dir, "write-check");
            Files.delete(probe);
        } catch (IOException e) {
            String where = dir.equals(shown) ? "" : " (in " + dir + ")";
            throw new BulwarkException(Kind.ENVIRONMENT, "cannot write " + what + " " + shown + where + ": " + cause(e)
                    + "; " + remedy, e);
        }
    }

    private static String cause(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs) {
            // the reason is the OS's words ("read-only file system"); without one the message is only the path
            return fs.getReason() != null ? fs.getReason().toLowerCase(java.util.Locale.ROOT) : "cannot create files there";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
