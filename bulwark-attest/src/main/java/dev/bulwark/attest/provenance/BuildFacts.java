package dev.bulwark.attest.provenance;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the build knows that provenance records, before the image exists: the spec as written, the lock it built
 * from ({@code lockName}/{@code lockContent}, both null when there is none), internal parameters (archs,
 * SOURCE_DATE_EPOCH, compression…), and every input it resolved — each {@code .deb} ({@link #deb}) and each
 * InRelease ({@link #inRelease}). Together they are enough to build the image again ('bulwark reproduce').
 */
public record BuildFacts(String specName, String specContent, String lockName, String lockContent,
                         Map<String, String> internalParameters, List<ResourceDescriptor> resolvedDependencies) {

    public BuildFacts {
        Objects.requireNonNull(specName, "specName");
        Objects.requireNonNull(specContent, "specContent");
        if ((lockName == null) != (lockContent == null)) {
            throw new IllegalArgumentException("a lock needs both a name and content");
        }
        internalParameters = Map.copyOf(internalParameters);
        resolvedDependencies = List.copyOf(resolvedDependencies);
    }

    /** Facts without a lock (an image built some other way). */
    public BuildFacts(String specName, String specContent, Map<String, String> internalParameters,
                      List<ResourceDescriptor> resolvedDependencies) {
        this(specName, specContent, null, null, internalParameters, resolvedDependencies);
    }

    /** A {@code .deb}: its pool path (relative to the mirror, which is not recorded), purl and SHA-256. */
    public static ResourceDescriptor deb(String poolPath, String purl, String sha256) {
        return new ResourceDescriptor(poolPath, purl, sha256, "application/vnd.debian.binary-package");
    }

    /** An InRelease file, by its path under the mirror ({@code dists/trixie/InRelease}) and SHA-256. */
    public static ResourceDescriptor inRelease(String distsPath, String sha256) {
        return new ResourceDescriptor(distsPath, null, sha256, null);
    }
}
