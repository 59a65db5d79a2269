package dev.bulwark.catalog.model;

import java.time.Instant;
import java.util.Objects;

/** Something that happened to the catalog: {@code image} and {@code build} (number) may be null and 0. */
public record CatalogEvent(Instant at, String kind, String image, int build, String message) {
    public CatalogEvent {
        Objects.requireNonNull(at, "at");
        Checks.notBlank(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
