package dev.bulwark.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import com.github.luben.zstd.ZstdOutputStream;

/** The compressions Debian uses for {@code .deb} members and {@code Packages} indexes. Output is deterministic. */
public enum Compression {
    NONE(""), GZIP(".gz"), XZ(".xz"), ZSTD(".zst");

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    /** File name suffix including the dot, empty for {@link #NONE}. */
    public String suffix() {
        return suffix;
    }

    /** Wraps {@code out}; closing the result finishes the stream and closes {@code out}. */
    public OutputStream wrap(OutputStream out) throws IOException {
        switch (this) {
            case NONE:
                return out;
            case GZIP:
                return new GZIPOutputStream(out);
            case XZ:
                return new XZOutputStream(out, xzOptions());
            case ZSTD:
                return new ZstdOutputStream(out, 3);
            default:
                throw new AssertionError(this);
        }
    }

    // Test data is tiny: a 64 KiB dictionary saves the ~90 MiB encoder buffers of preset 6 on every call.
    private static LZMA2Options xzOptions() throws IOException {
        LZMA2Options options = new LZMA2Options(6);
        options.setDictSize(64 * 1024);
        return options;
    }

    /** Compresses a whole byte array (test data is small). */
    public byte[] compress(byte[] data) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = wrap(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
