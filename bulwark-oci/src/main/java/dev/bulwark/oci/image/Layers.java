package dev.bulwark.oci.image;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.bulwark.oci.MediaTypes;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Static helpers over {@link Layer}s. */
public final class Layers {

    private Layers() {
    }

    /** Opens the layer's uncompressed tar stream, decompressing as its media type says. */
    public static InputStream openUncompressed(Layer layer) throws IOException {
        String mediaType = layer.descriptor().mediaType();
        String compression = MediaTypes.compressionOf(mediaType);
        if (compression == null) {
            throw new IOException("cannot open layer " + layer.descriptor().digest() + ": media type " + mediaType
                    + " is not a layer type");
        }
        InputStream in = layer.open();
        try {
            return switch (compression) {
                case "gzip" -> new GZIPInputStream(in, 65536);
                case "zstd" -> new BufferedInputStream(new ZstdInputStreamNoFinalizer(in), 65536);
                default -> in;
            };
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }
}
