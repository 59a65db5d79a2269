package dev.bulwark.oci.layer;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.bulwark.oci.MediaTypes;

import java.io.IOException;
import java.io.OutputStream;

/**
 * How a layer is compressed. Both compressors are deterministic for a given library build: gzip is
 * java.util.zip (zlib) level 6 with a fixed header; zstd is zstd-jni level 3, single-threaded, no checksum.
 * Another zlib or zstd version may emit different bytes for the same tar, so the layer digest is reproducible
 * only with the same compressor; the diff_id (uncompressed) is reproducible everywhere.
 */
public enum Compression {
    NONE(MediaTypes.OCI_LAYER),
    GZIP(MediaTypes.OCI_LAYER_GZIP),
    ZSTD(MediaTypes.OCI_LAYER_ZSTD);

    private final String mediaType;

    Compression(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** Wraps {@code out}; closing the result finishes the compressed stream and closes {@code out}. */
    OutputStream wrap(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new GzipStream(out);
            case ZSTD -> {
                ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out, 3);
                z.setChecksum(false);
                z.setWorkers(0);
                yield z;
            }
        };
    }
}
