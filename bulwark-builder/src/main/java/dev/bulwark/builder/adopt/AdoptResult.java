package dev.bulwark.builder.adopt;

import dev.bulwark.attest.sbom.SbomFormat;
import dev.bulwark.attest.provenance.AdoptionProvenance;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.ref.ImageReference;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An adopted image: where it and its evidence now are ({@code target}, {@code root}), the base it is built on and the
 * provenance that makes that base a Bulwark image, what each platform adds, and the evidence generated (SBOMs per
 * platform, the adoption provenance statement) and whether it is signed.
 */
public record AdoptResult(ImageReference target, Descriptor root, String base, Digest baseDigest,
                          String baseProvenance, List<PlatformAdoption> platforms,
                          Map<Platform, Map<SbomFormat, byte[]>> sboms, byte[] provenance, boolean signed) {

    /** One platform: the image and base manifests, how many layers the base gives, what the rest adds. */
    public record PlatformAdoption(Platform platform, Digest image, Digest base, int baseLayers,
                                   List<AdoptionProvenance.AddedLayer> addedLayers, Additions additions) {
        public PlatformAdoption {
            Objects.requireNonNull(platform, "platform");
            addedLayers = List.copyOf(addedLayers);
        }
    }

    public AdoptResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(root, "root");
        platforms = List.copyOf(platforms);
        sboms = Map.copyOf(sboms);
        provenance = provenance.clone();
    }

    @Override
    public byte[] provenance() {
        return provenance.clone();
    }
}
