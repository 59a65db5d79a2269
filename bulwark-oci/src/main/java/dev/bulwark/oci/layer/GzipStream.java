package dev.bulwark.oci.layer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * gzip with a fixed header (no name, mtime 0, XFL 0, OS 255 "unknown", as Go's compress/gzip writes it) over
 * raw deflate at level 6. java.util.zip's GZIPOutputStream would write OS 0, which is why this exists.
 */
final class GzipStream extends DeflaterOutputStream {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private final CRC32 crc = new CRC32();
    private long size;
    private boolean finished;

    GzipStream(OutputStream out) throws IOException {
        super(out, new Deflater(6, true), 65536);
        out.write(HEADER);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        super.write(b, off, len);
        crc.update(b, off, len);
        size += len;
    }

    @Override
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        super.finish();
        long c = crc.getValue();
        long s = size & 0xffffffffL;
        out.write(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
                (byte) s, (byte) (s >> 8), (byte) (s >> 16), (byte) (s >> 24)});
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            def.end();
            out.close();
        }
    }
}
