package dev.bulwark.catalog.bump;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a release source knows of one repository: the image published there, its builds there (any order) and the
 * one its newest release put there ({@code newest}, one of {@code builds}).
 */
public record Track(String image, String repository, List<TrackedBuild> builds, TrackedBuild newest) {
    public Track {
        if (image == null || image.isBlank() || repository == null || repository.isBlank()) {
            throw new IllegalArgumentException("a track names its image and repository");
        }
        builds = List.copyOf(builds);
        if (newest == null || !builds.contains(newest)) {
            throw new IllegalArgumentException("the newest release of " + image + " is not one of its builds");
        }
    }

    /** The build {@code digest} names in this repository, when the source knows it. */
    public Optional<TrackedBuild> buildOf(String digest) {
        return builds.stream().filter(b -> b.names(digest)).findFirst();
    }

    /**
     * Where a reference pinned to {@code current} moves: the newest build's published digest, or — when
     * {@code current} is one platform's manifest of a known build — the newest build's manifest for that platform
     * (or its published digest when it has no such platform).
     */
    public String target(String current) {
        Optional<TrackedBuild> from = buildOf(current);
        if (from.isPresent() && !from.get().digest().equals(current)) {
            for (Map.Entry<String, String> e : from.get().platforms().entrySet()) {
                if (e.getValue().equals(current) && newest.platforms().containsKey(e.getKey())) {
                    return newest.platforms().get(e.getKey());
                }
            }
        }
        return newest.digest();
    }
}
