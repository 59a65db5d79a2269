package dev.bulwark.catalog.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one build of {@code image} made, to be recorded in one transaction: the lock it used (its bytes and
 * SHA-256), the image per platform, the packages per architecture, evidence, an optional scan (null when none ran)
 * with its findings, and where it was published. {@code publications} carry build number 0: the catalog numbers
 * builds when it records them. {@code rebuildRequestId}: the rebuild request whose attempt made it (a worker's
 * rebuild), null for a build made by hand or by a watch cycle.
 */
public record NewBuild(String image, String reason, String specSha256, String lockSha256, String lockJson,
        long sourceDateEpoch, String indexDigest, List<PlatformBuild> platforms, List<BuiltPackage> packages,
        List<Attestation> attestations, ScanSummary scan, List<Vulnerability> findings, List<Publication> publications,
        Instant startedAt, Duration duration, Long rebuildRequestId) {
    /** A build made for no rebuild request. */
    public NewBuild(String image, String reason, String specSha256, String lockSha256, String lockJson,
            long sourceDateEpoch, String indexDigest, List<PlatformBuild> platforms, List<BuiltPackage> packages,
            List<Attestation> attestations, ScanSummary scan, List<Vulnerability> findings,
            List<Publication> publications, Instant startedAt, Duration duration) {
        this(image, reason, specSha256, lockSha256, lockJson, sourceDateEpoch, indexDigest, platforms, packages,
                attestations, scan, findings, publications, startedAt, duration, null);
    }

    public NewBuild {
        Checks.name(image);
        Checks.notBlank(reason, "reason");
        Checks.sha256(specSha256, "specSha256");
        Checks.sha256(lockSha256, "lockSha256");
        Objects.requireNonNull(lockJson, "lockJson");
        if (indexDigest != null) {
            Checks.digest(indexDigest, "indexDigest");
        }
        platforms = List.copyOf(platforms);
        if (platforms.isEmpty()) {
            throw new IllegalArgumentException("a build made at least one platform's image");
        }
        packages = List.copyOf(packages);
        attestations = List.copyOf(attestations);
        findings = List.copyOf(findings);
        if (scan == null && !findings.isEmpty()) {
            throw new IllegalArgumentException("findings without a scan summary");
        }
        publications = List.copyOf(publications);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration is negative: " + duration);
        }
    }

    /** This build, made for rebuild request {@code id} (null: for none). */
    public NewBuild forRequest(Long id) {
        return new NewBuild(image, reason, specSha256, lockSha256, lockJson, sourceDateEpoch, indexDigest, platforms,
                packages, attestations, scan, findings, publications, startedAt, duration, id);
    }

    public long compressedBytes() {
        return platforms.stream().mapToLong(PlatformBuild::compressedBytes).sum();
    }

    public long packageBytes() {
        return packages.stream().mapToLong(BuiltPackage::size).sum();
    }

    /**
     * Bytes written to the publish targets: the layers once per distinct repository, layout or file the build was
     * published to (its tags share the blobs). An upper bound: a registry that has a blob already skips it.
     */
    public long pushedBytes() {
        return publications.stream().map(p -> store(p.reference())).distinct().count() * compressedBytes();
    }

    /** oci:DIR:TAG and docker://HOST/REPO:TAG → where the blobs go (without the tag); a file as it is. */
    private static String store(String reference) {
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        boolean tagged = (reference.startsWith("oci:") || reference.startsWith("docker://")) && colon > slash
                && colon > reference.indexOf(':');
        return tagged ? reference.substring(0, colon) : reference;
    }
}
