package dev.bulwark.debian.fetch;

import dev.bulwark.core.Hex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * The content-addressed store of verified {@code .deb} files: {@code <cache>/debs/sha256/<hex>}. A file is only ever
 * placed there by a rename after its size and SHA-256 matched the index, so presence means verified.
 */
public final class DebCache {
    /**
     * How stale a file's last use may be before {@link #use} records a new one: on a {@code relatime} mount reading
     * moves the access time at most once a day too, so a day keeps the writes rare without misleading a prune.
     */
    static final Duration USE_RECORDED_AFTER = Duration.ofDays(1);

    private final Path root;

    public DebCache(Path cacheDir) {
        this.root = cacheDir.resolve("debs").resolve("sha256");
    }

    public Path path(String sha256) {
        if (!Hex.isLowerHex(sha256, 64)) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + sha256);
        }
        return root.resolve(sha256);
    }

    /**
     * As {@link #contains}, and when the file is there, records this use by moving its access time to now (when its
     * last use is over a day old), which is what {@code bulwark cache prune} ages entries by: a build whose layers are
     * all cached never reads its {@code .deb}s, yet still needs them kept for the day a layer must be made again and
     * the archive has dropped that version. A cache this user cannot write (shared, read-only) is used as it is.
     */
    public boolean use(String sha256, long size) {
        Path p = path(sha256);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(p, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (java.io.IOException e) {
            return false;
        }
        if (!attrs.isRegularFile() || attrs.size() != size) {
            return false;
        }
        Instant now = Instant.now();
        Instant lastUse = later(attrs.lastAccessTime(), attrs.lastModifiedTime()).toInstant();
        if (lastUse.isBefore(now.minus(USE_RECORDED_AFTER))) {
            try {
                Files.getFileAttributeView(p, BasicFileAttributeView.class, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        .setTimes(attrs.lastModifiedTime(), FileTime.from(now), null);
            } catch (java.io.IOException e) {
                // Another user's file in a shared cache (only a file's owner may set its times): reading a byte moves
                // its atime instead, on the usual relatime mounts too, as that atime is over a day old. On a noatime
                // mount, or a cache this user cannot read, a prune sees the older use; the file is still usable.
                try (java.io.InputStream in = Files.newInputStream(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    in.read();
                } catch (java.io.IOException | UnsupportedOperationException ignored) {
                    // as said: the file stays verified and usable
                }
            }
        }
        return true;
    }

    private static FileTime later(FileTime a, FileTime b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public boolean contains(String sha256, long size) {
        Path p = path(sha256);
        try {
            return Files.isRegularFile(p) && Files.size(p) == size;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
