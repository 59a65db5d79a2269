package dev.bulwark.oci.layer;

import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.image.Layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A layer whose stored bytes are a file on disk, e.g. what {@link LayerWriter} produced. Its descriptor is proven
 * against the file's bytes (computed while writing them, or hashed when taken from a cache), so a sink that finds a
 * blob of that digest may compare it with this file instead of hashing it again.
 */
public record FileLayer(Path file, Descriptor descriptor, Digest diffId, long uncompressedSize) implements Layer {

    public FileLayer {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(diffId, "diffId");
    }

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(file);
    }
}
