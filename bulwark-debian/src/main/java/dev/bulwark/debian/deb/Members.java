package dev.bulwark.debian.deb;

import dev.bulwark.core.io.Gunzip;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;


import com.github.luben.zstd.ZstdInputStreamNoFinalizer;

import dev.bulwark.core.io.BoundedInputStream;

/** Opens an ar member as a stream of its decompressed bytes, read straight from the file in 64 KiB chunks. */
final class Members {
    static final int BUFFER = 1 << 16;
    /** xz -9e needs 65 MiB to decode; a larger dictionary is a hostile package, not a real one. */
    private static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;

    private Members() {
    }

    /**
     * The member's decompressed bytes, buffered. Failures of the decompressor, and a file that ends inside the member,
     * surface as {@link MemberReadException}. Closing the stream leaves {@code file} open.
     */
    static InputStream open(FileChannel file, ArMember member, String compression) throws MemberReadException {
        // positional reads, so the channel's own position never matters
        InputStream raw = new BufferedInputStream(BoundedInputStream.exactly(file, member.offset(), member.size(),
                () -> new MemberReadException("truncated: the file ends inside the member", null)), BUFFER);
        if (compression.equals("none")) {
            return raw;
        }
        try {
            InputStream decompressed = switch (compression) {
                case "gz" -> Gunzip.open(raw, BUFFER);
                case "xz" -> XzProcessStream.decoding(raw, member.size(), XZ_MEMORY_LIMIT_KIB);
                case "zst" -> new ZstdInputStreamNoFinalizer(raw);
                default -> throw new IllegalArgumentException("cannot open member: compression " + compression);
            };
            return new BufferedInputStream(new Guarded(decompressed, compression), BUFFER);
        } catch (IOException e) {
            throw Guarded.wrap(e, compression);
        }
    }

    /** Turns the decompressor's failures into {@link MemberReadException}s that say what kind of data was bad. */
    private static final class Guarded extends FilterInputStream {
        private final String compression;

        Guarded(InputStream in, String compression) {
            super(in);
            this.compression = compression;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw wrap(e, compression);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw wrap(e, compression);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException e) {
                throw wrap(e, compression);
            }
        }

        static MemberReadException wrap(IOException e, String compression) {
            if (e instanceof MemberReadException m) {
                return m;
            }
            String what = e instanceof EOFException ? "truncated " : "corrupt ";
            return new MemberReadException(what + compression + " data (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }
}
