package dev.bulwark.build.lock;

import dev.bulwark.build.resolve.SpecResolution;
import dev.bulwark.debian.fetch.DebFetcher;
import java.nio.file.Path;

/** The lock written, whether its bytes changed, the resolution behind it and what fetching did (null if skipped). */
public record LockResult(Lockfile lockfile, Path path, boolean changed, SpecResolution resolution,
        DebFetcher.FetchResult fetch) {
}
