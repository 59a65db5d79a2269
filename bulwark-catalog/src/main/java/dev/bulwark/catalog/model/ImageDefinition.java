package dev.bulwark.catalog.model;

import java.util.List;
import java.util.Objects;

/**
 * An image as the catalog knows it: its spec (where it was read, its bytes and digest), what it builds on (a Debian
 * {@code distribution} for a base image, a {@code baseRef} for a customization: exactly one is set), the Debian
 * architectures it builds for, and where each build is published.
 */
public record ImageDefinition(String name, String specPath, String specSha256, String specText, String distribution,
        String baseRef, List<String> archs, List<String> publishTargets) {
    public ImageDefinition {
        Checks.name(name);
        Objects.requireNonNull(specPath, "specPath");
        Checks.sha256(specSha256, "specSha256");
        Objects.requireNonNull(specText, "specText");
        if ((distribution == null) == (baseRef == null)) {
            throw new IllegalArgumentException("exactly one of distribution and baseRef is set");
        }
        archs = List.copyOf(archs);
        if (archs.isEmpty()) {
            throw new IllegalArgumentException("an image builds for at least one architecture");
        }
        publishTargets = List.copyOf(publishTargets);
    }
}
