package dev.bulwark.catalog.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One SLA clock: for {@code image} and {@code cve}, from the fix first seen in a suite the image builds from
 * ({@code fixSeenAt}) to the rebuilt image published ({@code closedAt}, null while the image is still exposed;
 * {@code build} is the build that closed it).
 */
public record SlaClock(String image, String cve, String sourcePackage, String fixedVersion, String suite,
        Instant fixSeenAt, Instant closedAt, Integer build) {
    public SlaClock {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(cve, "cve");
        Objects.requireNonNull(fixSeenAt, "fixSeenAt");
    }

    public boolean open() {
        return closedAt == null;
    }

    /** Fix to publish, or — while open — how long the image has been exposed by {@code now}. */
    public Duration elapsed(Instant now) {
        Duration d = Duration.between(fixSeenAt, open() ? now : closedAt);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
