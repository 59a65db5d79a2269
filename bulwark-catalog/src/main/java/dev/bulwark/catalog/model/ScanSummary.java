package dev.bulwark.catalog.model;

import java.time.Instant;
import java.util.Objects;

/** How many findings a build's scan had per severity, and which advisory data it used. */
public record ScanSummary(String source, Instant scannedAt, int critical, int high, int medium, int low, int negligible,
        int unknown) {
    public ScanSummary {
        Checks.notBlank(source, "source");
        Objects.requireNonNull(scannedAt, "scannedAt");
        for (int n : new int[] {critical, high, medium, low, negligible, unknown}) {
            Checks.notNegative(n, "count");
        }
    }

    public int total() {
        return critical + high + medium + low + negligible + unknown;
    }
}
