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
            "advisories", "changelogs", "scan-inputs");
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
        boolean ours = Files.isRegularFile(cacheDir.resolve(TAG), LinkOption.NOFOLLOW_LINKS);
        TempFiles.sweep(cacheDir, 0, now, false);
        for (String sub : SUBDIRS) {
            Path dir = cacheDir.resolve(sub);
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                TempFiles.sweep(dir, 3, now, ours);
            }
        }
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

    private static void tag(Path cacheDir) {
        try {
            Path temp = TempFiles.createFile(cacheDir, TAG);
            Files.writeString(temp, "Signature: 8a477f597d28d172789f06886806bc55\n"
                    + "# This directory is a cache created by Bulwark; its files can be downloaded again.\n");
            TempFiles.replace(temp, cacheDir.resolve(TAG));
        } catch (IOException e) {
            // without the tag only the leftovers of earlier versions stay; the cache works the same
        }
    }
}
