package dev.bulwark.oci.transport;

import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.Layers;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Manifests and blobs by digest, plus tags: one registry repository or one OCI layout. The low-level seam
 * under sources, sinks, copies and referrers; it also reads and writes any manifest at any tag (cosign's
 * {@code sha256-<hex>.sig}, the referrers tag {@code sha256-<hex>}). Everything read is checked against its
 * digest.
 */
public interface Store {

    /** The manifest or index a tag or a digest ({@code sha256:…}) names; empty when there is none. */
    Optional<Descriptor> resolve(String reference) throws OciException;

    /** The bytes of a manifest or index, checked against the descriptor's digest. */
    byte[] manifest(Descriptor descriptor) throws OciException;

    /** True when the store already holds the blob (a push then skips it). */
    boolean hasBlob(Descriptor descriptor) throws OciException;

    /** A blob's bytes; reading to the end fails with an IOException when they do not match the digest or size. */
    InputStream blob(Descriptor descriptor) throws OciException;

    /** Stores a blob unless it is already there; the content is read once, checked against the descriptor. */
    void putBlob(Descriptor descriptor, Layers.Opener content) throws OciException;

    /**
     * Stores a manifest or index (its blobs must be stored first) and points {@code tag} at it; with a null tag
     * it is stored by digest only. Returns its descriptor.
     */
    Descriptor putManifest(String mediaType, byte[] content, String tag) throws OciException;

    /**
     * The referrers of a subject as the store indexes them itself (the OCI 1.1 referrers API), or empty when it
     * offers no such index; then the referrers tag scheme applies (see {@link Referrers}).
     */
    Optional<List<Descriptor>> referrers(Digest subject) throws OciException;
}
