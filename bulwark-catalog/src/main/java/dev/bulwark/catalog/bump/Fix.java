package dev.bulwark.catalog.bump;

import java.util.Objects;

/** A vulnerability a newer build no longer has: advisory {@code id} in {@code packageName}; the rest may be null. */
public record Fix(String id, String packageName, String fixedVersion, String severity) {
    public Fix {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a fix names its advisory");
        }
        Objects.requireNonNull(packageName, "packageName");
    }
}
