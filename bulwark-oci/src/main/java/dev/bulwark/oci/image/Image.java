package dev.bulwark.oci.image;

import dev.bulwark.oci.Digest;
import dev.bulwark.oci.Platform;

import java.util.List;

/**
 * A read-only view of one single-platform image. The raw bytes are what digests are computed over;
 * the parsed forms are for reading. Manifests and configs are small, so they are held as bytes.
 */
public interface Image {

    Manifest manifest();

    byte[] rawManifest();

    ImageConfig config();

    byte[] rawConfig();

    /** The layers in manifest order. */
    List<Layer> layers();

    default Digest digest() {
        return Digest.of(rawManifest());
    }

    default Platform platform() {
        return config().platform();
    }
}
