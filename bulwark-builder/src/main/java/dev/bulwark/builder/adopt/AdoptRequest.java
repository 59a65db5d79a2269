package dev.bulwark.builder.adopt;

import dev.bulwark.attest.signers.Signer;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.RegistryOptions;
import java.security.PublicKey;
import java.util.Objects;

/**
 * An image built elsewhere on top of a Bulwark base ({@code image}), the base it claims ({@code base}), where the
 * adopted image and its evidence go ({@code output}; null: next to {@code image}, which must then be an oci: layout
 * or a registry), the key the base's provenance must be signed with ({@code baseKey}; null: any Bulwark
 * provenance), and the signer of the new evidence ({@code signer}; null: unsigned referrers).
 */
public record AdoptRequest(ImageReference image, ImageReference base, ImageReference output, RegistryOptions registry,
                           PublicKey baseKey, Signer signer, String toolVersion, Progress progress) {

    public AdoptRequest {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(toolVersion, "toolVersion");
        progress = progress == null ? Progress.NONE : progress;
    }

    /** Where the adopted image and its evidence are written. */
    public ImageReference target() {
        return output != null ? output : image;
    }
}
