package dev.bulwark.oci.image;

import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;

import java.io.IOException;
import java.io.InputStream;

/** A read-only view of one layer: its descriptor, its uncompressed digest, and its stored bytes. */
public interface Layer {

    /** The descriptor a manifest lists: media type, digest and size of the stored (compressed) bytes. */
    Descriptor descriptor();

    /** The digest of the uncompressed tar, as the config's {@code rootfs.diff_ids} names it. */
    Digest diffId();

    /** The stored bytes, compressed as the media type says; each call opens a fresh stream. */
    InputStream open() throws IOException;

    /**
     * The uncompressed tar without decompressing {@link #open()}, when this layer can give it (one written in this
     * process, while what it was written from is still there), else null. {@link Layers#openUncompressed} uses it.
     */
    default InputStream openTarDirectly() throws IOException {
        return null;
    }
}
