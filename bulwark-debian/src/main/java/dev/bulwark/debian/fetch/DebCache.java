package dev.bulwark.debian.fetch;

import dev.bulwark.core.Hex;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The content-addressed store of verified {@code .deb} files: {@code <cache>/debs/sha256/<hex>}. A file is only ever
 * placed there by a rename after its size and SHA-256 matched the index, so presence means verified.
 */
public final class DebCache {
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

    public boolean contains(String sha256, long size) {
        Path p = path(sha256);
        try {
            return Files.isRegularFile(p) && Files.size(p) == size;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
