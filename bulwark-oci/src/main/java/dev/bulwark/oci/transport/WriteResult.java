package dev.bulwark.oci.transport;

import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.Platform;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a sink wrote: the manifest digest per platform, the index digest when several platforms made one
 * (else null), and the descriptor the reference now resolves to.
 */
public record WriteResult(Map<Platform, Digest> manifests, Digest index, Descriptor root) {

    public WriteResult {
        manifests = java.util.Collections.unmodifiableMap(new TreeMap<>(manifests));
        Objects.requireNonNull(root, "root");
    }

    /** The digest a consumer pulls by: the index's, or the single manifest's. */
    public Digest digest() {
        return root.digest();
    }
}
