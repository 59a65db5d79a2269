package dev.bulwark.spec.lock;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pinned result of {@code bulwark lock}: every package per architecture with its pool path, size and SHA-256,
 * the suites consulted, the spec's digest and the SOURCE_DATE_EPOCH every timestamp of the image uses. Building from
 * a lock never consults the archive's indexes.
 */
public record Lockfile(int version, String specName, String specSha256, String distribution, long sourceDateEpoch,
        String sourceDateEpochPolicy, List<LockedSuite> suites, Map<String, List<LockedPackage>> archs) {

    public static final int CURRENT_VERSION = 1;

    /** A suite whose verified InRelease the lock was made from. */
    public record LockedSuite(String name, String inReleaseUrlPath, String inReleaseSha256, String date) {
    }

    /** One pinned package. {@code filename} is the pool path relative to the archive's base URL. */
    public record LockedPackage(String name, String version, String architecture, String source, String sourceVersion,
            String suite, String component, String filename, long size, String sha256) {
        public LockedPackage {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    public Lockfile {
        suites = List.copyOf(suites);
        archs = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(archs));
    }

    /** Whether both locks pin exactly the same packages. */
    public boolean samePackages(Lockfile other) {
        return other != null && archs.equals(other.archs);
    }
}
