package dev.bulwark.catalog.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A build written to a reference. An {@code IMMUTABLE} reference (a timestamped tag) keeps this build forever; a
 * {@code MOVING} one (a plain tag) until {@code replacedAt}, when a newer build took it; a {@code FILE} is an archive.
 * {@code build} is the image's build number.
 */
public record Publication(String reference, String digest, Kind kind, int build, Instant publishedAt, Instant replacedAt) {
    public enum Kind { IMMUTABLE, MOVING, FILE }

    public Publication {
        Checks.notBlank(reference, "reference");
        Checks.digest(digest, "digest");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(publishedAt, "publishedAt");
    }
}
