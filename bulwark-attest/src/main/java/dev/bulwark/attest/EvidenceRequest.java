package dev.bulwark.attest;

import dev.bulwark.attest.provenance.BuildFacts;
import dev.bulwark.attest.sbom.KnownDeb;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.transport.Store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An image that was just written, and what is known about how: {@code store} holds it (a registry repository
 * or an OCI layout; signatures go next to it), {@code root} is what its tag resolves to (an index or a single
 * manifest), {@code images} are its per-platform images. {@code name} names it in SBOMs and statements
 * (e.g. {@code python3}); {@code dockerReference} is the repository cosign's payload names ({@code host/repo}).
 * {@code build} may be null (no provenance, e.g. for {@code bulwark sign} of an existing image).
 * {@code created} is SOURCE_DATE_EPOCH.
 */
public record EvidenceRequest(Store store, Descriptor root, List<Image> images, String name, String dockerReference,
                              List<KnownDeb> debs, BuildFacts build, Instant created, String toolVersion) {

    public EvidenceRequest {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dockerReference, "dockerReference");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(toolVersion, "toolVersion");
        images = List.copyOf(images);
        debs = List.copyOf(debs == null ? List.of() : debs);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("evidence needs at least one image");
        }
    }
}
