package dev.bulwark.catalog.model;

import java.time.Instant;
import java.util.Objects;

/** A catalogued image: its definition, when it was added and last changed, and its newest build (null before one). */
public record CatalogImage(ImageDefinition definition, String updatePolicy, Instant createdAt, Instant updatedAt,
        BuildSummary current) {
    public CatalogImage {
        Objects.requireNonNull(definition, "definition");
        Checks.notBlank(updatePolicy, "updatePolicy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public String name() {
        return definition.name();
    }
}
