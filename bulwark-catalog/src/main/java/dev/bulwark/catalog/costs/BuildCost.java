package dev.bulwark.catalog.costs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one build cost: how long it ran, the bytes it stored (its compressed layers) and the bytes it pushed to its
 * targets ({@code pushedBytes} is -1 for builds recorded before the catalog counted them).
 */
public record BuildCost(String image, int build, Instant startedAt, Duration duration, long storedBytes,
        long pushedBytes) {
    public BuildCost {
        Objects.requireNonNull(image, "image");
        if (build < 1) {
            throw new IllegalArgumentException("build numbers start at 1: " + build);
        }
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        if (storedBytes < 0 || pushedBytes < -1) {
            throw new IllegalArgumentException("negative bytes: " + storedBytes + ", " + pushedBytes);
        }
    }

    /** A rebuild: any build after an image's first. */
    public boolean rebuild() {
        return build > 1;
    }
}
