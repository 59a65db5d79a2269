package dev.bulwark.builder.pipeline;

import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.Transports;
import dev.bulwark.oci.transport.WriteResult;

import java.util.Objects;

/**
 * One {@code --output}, opened once before any work: {@code requested} as the user wrote it, {@code destination} the
 * sink (and, for layouts and registries, the store) every later step writes through. {@code written} is set once the
 * images are published there.
 */
record BuildOutput(ImageReference requested, Transports.Destination destination, WriteResult written) {

    BuildOutput {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(destination, "destination");
    }

    /** The reference as written: an untagged layout output is tagged "latest", and clients need the tag. */
    ImageReference target() {
        return destination.reference();
    }

    /** Whether signatures, SBOMs, provenance and gate reports can sit beside the image (layouts and registries). */
    boolean holdsEvidence() {
        return destination.store() != null;
    }

    BuildOutput published(WriteResult result) {
        return new BuildOutput(requested, destination, Objects.requireNonNull(result, "result"));
    }
}
