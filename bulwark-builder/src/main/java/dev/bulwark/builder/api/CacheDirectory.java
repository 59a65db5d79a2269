package dev.bulwark.builder.api;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.TempFiles;
import dev.bulwark.core.Writable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** Bulwark's cache directory: checked writable before any download, tagged when Bulwark made it, swept of leftovers. */
public final class CacheDirectory {
    /** The directories Bulwark creates in a cache; a sweep looks only in these, never at the user's own files. */
    public static final List<String> SUBDIRS = List.of("tmp", "debs", "indexes", "layers", "blobs", "evidence",
            "advisories", "changelogs", "scan-inputs", "lock-checks", "bases", "watch");
    /** Written at the root of a cache Bulwark created itself (the Cache Directory Tagging format). */
    public static final String TAG = "CACHEDIR.TAG";

    private CacheDirectory() {
    }

    /**
     * Fails at once when the cache cannot be written (not after the downloads), then removes what killed runs left
     * in Bulwark's own subdirectories: temp files and work directories whose process is gone. Names of earlier
     * versions (without the {@code .bulwark-} prefix) are swept only in a cache Bulwark created, marked by its
     * {@value #TAG}, so a --cache naming the user's own directory never loses a file Bulwark did not write.
     */
    public static void prepare(Path cacheDir, Instant now) throws BulwarkException {
        boolean fresh = isEmptyOrMissing(cacheDir);
        Writable.directory(cacheDir, "the cache", "pass --cache DIR or set BULWARK_CACHE to a writable directory");
        if (fresh) {
            tag(cacheDir);
        }
        sweep(cacheDir, now, false);
    }

    /**
     * Removes (or with {@code dryRun} only lists) the temp files and work directories killed runs left in the cache:
     * this version's names at its root and in Bulwark's subdirectories, and earlier versions' names only in a cache
     * Bulwark tagged. A live process's temp files are never touched.
     */
    public static TempFiles.Sweep sweep(Path cacheDir, Instant now, boolean dryRun) {
        boolean ours = isBulwarks(cacheDir);   // another program's tag does not make earlier versions' names ours
        List<Path> removed = new java.util.ArrayList<>();
        long bytes = 0;
        TempFiles.Sweep root = TempFiles.sweep(cacheDir, 0, now, false, dryRun);
        removed.addAll(root.removed());
        bytes += root.bytes();
        for (String sub : SUBDIRS) {
            Path dir = cacheDir.resolve(sub);
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                TempFiles.Sweep s = TempFiles.sweep(dir, 3, now, ours, dryRun);
                removed.addAll(s.removed());
                bytes += s.bytes();
            }
        }
        return new TempFiles.Sweep(removed, bytes);
    }

    private static boolean isEmptyOrMissing(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static final String SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55\n";
    private static final String OURS = "# This directory is a cache created by Bulwark";

    private static void tag(Path cacheDir) {
        try {
            markAsBulwarks(cacheDir);
        } catch (IOException e) {
            // without the tag only the leftovers of earlier versions stay; the cache works the same
        }
    }

    /** Writes Bulwark's {@value #TAG} into {@code cacheDir} (which must exist), replacing any other. */
    public static void markAsBulwarks(Path cacheDir) throws IOException {
        Path temp = TempFiles.createFile(cacheDir, TAG);
        try {
            Files.writeString(temp, SIGNATURE + OURS + "; its files can be downloaded again.\n",
                    java.nio.charset.StandardCharsets.UTF_8);
            TempFiles.replace(temp, cacheDir.resolve(TAG));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Whether {@code dir} holds the {@value #TAG} Bulwark writes (a regular file, not a link, naming Bulwark). */
    public static boolean isBulwarks(Path dir) {
        Path tag = dir.resolve(TAG);
        try {
            if (!Files.isRegularFile(tag, LinkOption.NOFOLLOW_LINKS) || Files.size(tag) > 4096) {
                return false;
            }
            String text = Files.readString(tag, java.nio.charset.StandardCharsets.UTF_8);
            return text.startsWith(SIGNATURE) && text.contains(OURS);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
