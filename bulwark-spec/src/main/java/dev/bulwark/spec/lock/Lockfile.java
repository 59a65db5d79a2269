package dev.bulwark.spec.lock;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pinned result of {@code bulwark lock}: every package per architecture with its pool path, size and SHA-256,
 * the suites consulted, the spec's digest and the SOURCE_DATE_EPOCH every timestamp of the image uses. Building from
 * a lock never consults the archive's indexes.
 *
 * <p>Format versions: 1 is a base image's lock; 2 adds {@code base}, the image a customization builds on, pinned by
 * digest. A lock is written at the lowest version that holds it ({@link #versionFor}), so a lock without a base stays
 * version 1 — existing locks read and re-written do not change — and this Bulwark reads both.
 */
public record Lockfile(int version, String specName, String specSha256, String distribution, long sourceDateEpoch,
        String sourceDateEpochPolicy, List<LockedSuite> suites, Map<String, List<LockedPackage>> archs,
        BaseImage base) {

    /** The newest format this Bulwark reads and writes. */
    public static final int CURRENT_VERSION = 2;
    /** The format of a lock without a base image. */
    public static final int V1 = 1;

    /**
     * The image a customization builds on: the reference its spec names and the manifest or index digest
     * ({@code sha256:<64 hex>}) it resolved to when locked.
     */
    public record BaseImage(String reference, String digest) {
        public BaseImage {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(digest, "digest");
            if (reference.isBlank()) {
                throw new IllegalArgumentException("base reference is empty");
            }
            if (!digest.startsWith("sha256:") || !dev.bulwark.core.Hex.isLowerHex(digest.substring(7), 64)) {
                throw new IllegalArgumentException("base digest '" + digest + "' is not sha256: and 64 lower-case hex "
                        + "digits");
            }
        }
    }

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

    /** A lock without a base image. */
    public Lockfile(int version, String specName, String specSha256, String distribution, long sourceDateEpoch,
            String sourceDateEpochPolicy, List<LockedSuite> suites, Map<String, List<LockedPackage>> archs) {
        this(version, specName, specSha256, distribution, sourceDateEpoch, sourceDateEpochPolicy, suites, archs, null);
    }

    /** The lowest format version that holds a lock with this base (null: none). */
    public static int versionFor(BaseImage base) {
        return base == null ? V1 : CURRENT_VERSION;
    }

    public Lockfile {
        if (version < V1 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("unsupported lockfileVersion " + version + " (this Bulwark reads "
                    + V1 + " to " + CURRENT_VERSION + ")");
        }
        if (base != null && version < 2) {
            throw new IllegalArgumentException("a lock with a base image is version 2 or later, not " + version);
        }
        suites = List.copyOf(suites);
        archs = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(archs));
    }

    /** Whether both locks pin exactly the same packages. */
    public boolean samePackages(Lockfile other) {
        return other != null && archs.equals(other.archs);
    }
}
