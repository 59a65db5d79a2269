package dev.bulwark.catalog.bump;

import java.util.Map;

/**
 * Build {@code number} of an image as published to one repository: the digest its tags there name and the
 * manifest digest of each platform ({@code linux/amd64} → {@code sha256:…}) when it is an index.
 */
public record TrackedBuild(int number, String digest, Map<String, String> platforms) {
    public TrackedBuild {
        if (number < 1) {
            throw new IllegalArgumentException("build numbers start at 1: " + number);
        }
        if (digest == null || !PinnedReference.DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        platforms = Map.copyOf(platforms);
        for (String d : platforms.values()) {
            if (!PinnedReference.DIGEST.matcher(d).matches()) {
                throw new IllegalArgumentException("not a sha256 digest: " + d);
            }
        }
    }

    /** Whether {@code d} names this build: its published digest or one of its platforms' manifests. */
    boolean names(String d) {
        return digest.equals(d) || platforms.containsValue(d);
    }
}
