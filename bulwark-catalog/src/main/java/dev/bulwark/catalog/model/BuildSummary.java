package dev.bulwark.catalog.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A recorded build as the read verbs show it: number {@code number} of {@code image}, what it made per platform,
 * its sizes, evidence and scan summary (null when it was not scanned). Packages and findings are read separately.
 */
public record BuildSummary(String image, int number, String reason, Instant startedAt, Duration duration,
        String specSha256, String lockSha256, long sourceDateEpoch, String indexDigest, long compressedBytes,
        long packageBytes, int packageCount, List<PlatformBuild> platforms, List<Attestation> attestations,
        ScanSummary scan) {
    public BuildSummary {
        Checks.name(image);
        if (number < 1) {
            throw new IllegalArgumentException("build numbers start at 1: " + number);
        }
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        platforms = List.copyOf(platforms);
        attestations = List.copyOf(attestations);
    }

    /** The digest a user pulls: the index when there is one, else the only platform's manifest. */
    public String digest() {
        return indexDigest != null ? indexDigest : platforms.get(0).manifestDigest();
    }
}
