package dev.bulwark.catalog.bump;

import java.util.Map;

/**
 * Build {@code number} of an image as published to one repository: the digest its tags there name, the
 * manifest digest of each platform ({@code linux/amd64} → {@code sha256:…}) when it is an index, and why it was
 * built ("watch: libfoo1 … fixes CVE-…", empty when the source does not say).
 */
public record TrackedBuild(int number, String digest, Map<String, String> platforms, String reason) {
    public TrackedBuild {
        if (number < 1) {
            throw new IllegalArgumentException("build numbers start at 1: " + number);
        }
        if (digest == null || !PinnedReference.DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        platforms = Map.copyOf(platforms);
        reason = reason == null ? "" : reason;
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
