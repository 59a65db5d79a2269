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
public record FileLayer(Path file, Descriptor descriptor, Digest diffId, long uncompressedSize, TarReplay replay)
        implements Layer {

    public FileLayer {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(diffId, "diffId");
    }

    /** A layer without a replay of its tar: readers decompress the file. */
    public FileLayer(Path file, Descriptor descriptor, Digest diffId, long uncompressedSize) {
        this(file, descriptor, diffId, uncompressedSize, null);
    }

    /** The same layer stored at {@code moved} (its replay, if any, kept). */
    public FileLayer at(Path moved) {
        return new FileLayer(moved, descriptor, diffId, uncompressedSize, replay);
    }

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public InputStream openTarDirectly() {
        return replay != null && replay.usable() ? replay.open() : null;
    }

    /** Equal as layers: same file and same bytes; whether a replay is at hand does not count. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FileLayer f && file.equals(f.file) && descriptor.equals(f.descriptor)
                && diffId.equals(f.diffId) && uncompressedSize == f.uncompressedSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, descriptor, diffId, uncompressedSize);
    }

    @Override
    public String toString() {
        return "FileLayer[file=" + file + ", descriptor=" + descriptor + ", diffId=" + diffId + ", uncompressedSize="
                + uncompressedSize + (replay != null ? ", replayable" : "") + "]";
    }
}
