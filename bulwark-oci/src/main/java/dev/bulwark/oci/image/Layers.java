package dev.bulwark.oci.image;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.bulwark.core.io.Gunzip;
import dev.bulwark.oci.MediaTypes;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Static helpers over {@link Layer}s. */
public final class Layers {

    private Layers() {
    }

    /** Opens a layer's stored bytes; lets a store hand out layers without reading them first. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /** A layer backed by whatever the opener reads, e.g. a blob file in a layout or an archive member. */
    public static Layer of(dev.bulwark.oci.Descriptor descriptor, dev.bulwark.oci.Digest diffId, Opener opener) {
        return new OpenedLayer(descriptor, diffId, opener);
    }

    private record OpenedLayer(dev.bulwark.oci.Descriptor descriptor, dev.bulwark.oci.Digest diffId, Opener opener)
            implements Layer {
        @Override
        public InputStream open() throws IOException {
            return opener.open();
        }
    }

    /**
     * Opens the layer's uncompressed tar stream, decompressing as its media type says (or straight from what a layer
     * written in this process was written from: {@link Layer#openTarDirectly()}).
     */
    public static InputStream openUncompressed(Layer layer) throws IOException {
        InputStream direct = layer.openTarDirectly();
        if (direct != null) {
            return direct;
        }
        String mediaType = layer.descriptor().mediaType();
        String compression = MediaTypes.compressionOf(mediaType);
        if (compression == null) {
            throw new IOException("cannot open layer " + layer.descriptor().digest() + ": media type " + mediaType
                    + " is not a layer type");
        }
        return decompress(layer.open(), mediaType);
    }

    /** Wraps a stored layer stream in the decompressor its media type names; closes {@code in} on failure. */
    public static InputStream decompress(InputStream in, String mediaType) throws IOException {
        String compression = MediaTypes.compressionOf(mediaType);
        if (compression == null) {
            in.close();
            throw new IOException("cannot decompress layer: media type " + mediaType + " is not a layer type");
        }
        try {
            return switch (compression) {
                case "gzip" -> Gunzip.open(in, 65536);
                case "zstd" -> new BufferedInputStream(new ZstdInputStreamNoFinalizer(in), 65536);
                default -> in;
            };
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }
}
