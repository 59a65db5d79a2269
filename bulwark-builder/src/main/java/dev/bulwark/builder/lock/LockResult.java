package dev.bulwark.builder.lock;

import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.builder.resolve.SpecResolution;
import dev.bulwark.debian.fetch.DebFetcher;
import java.nio.file.Path;

/**
 * The lock written, whether its bytes changed, the resolution behind it, what fetching did (null if skipped) and the
 * lock it replaced (null when there was none or it could not be read).
 */
public record LockResult(Lockfile lockfile, Path path, boolean changed, SpecResolution resolution,
        DebFetcher.FetchResult fetch, Lockfile previous) {

    /** What changed against the previous lock. */
    public LockDiff diff() {
        return LockDiff.between(previous, lockfile);
    }
}
