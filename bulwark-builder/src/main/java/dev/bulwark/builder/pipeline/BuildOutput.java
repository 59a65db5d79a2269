package dev.bulwark.builder.pipeline;

import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.StagedWrite;
import dev.bulwark.oci.transport.Transports;
import dev.bulwark.oci.transport.WriteResult;

import java.util.Objects;

/**
 * One {@code --output}, opened once before any work: {@code requested} as the user wrote it, {@code destination} the
 * sink (and, for layouts and registries, the store) every later step writes through. {@code staged} is set once the
 * images are stored there by digest; its tag moves after the evidence is attached.
 */
record BuildOutput(ImageReference requested, Transports.Destination destination, StagedWrite staged) {

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

    /** What was stored there, or null before {@link PublishStep}. */
    WriteResult written() {
        return staged == null ? null : staged.written();
    }

    BuildOutput staged(StagedWrite stored) {
        return new BuildOutput(requested, destination, Objects.requireNonNull(stored, "stored"));
    }
}
