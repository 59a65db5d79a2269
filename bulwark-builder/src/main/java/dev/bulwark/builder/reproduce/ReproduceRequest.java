package dev.bulwark.builder.reproduce;

import dev.bulwark.attest.signers.Signer;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.RegistryOptions;
import java.security.PublicKey;
import java.util.Objects;

/**
 * Rebuild {@code image} from its provenance and compare. {@code key} (may be null): only provenance attestations
 * this key signed count; without it the provenance is read unverified (the rebuild is the check). {@code vsaSigner}
 * (may be null): sign a SLSA Verification Summary of the result and attach it to the image.
 */
public record ReproduceRequest(ImageReference image, RegistryOptions registry, PublicKey key, Signer vsaSigner) {
    public ReproduceRequest {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(registry, "registry");
    }
}
