package dev.bulwark.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GzipStreamTest {

    /** Compressible but varied content: text-like runs from a fixed seed. */
    private static byte[] content(int size) {
        Random random = new Random(42);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) ('a' + (i % 97 == 0 ? random.nextInt(26) : (i * 7 + random.nextInt(3)) % 26));
        }
        return out;
    }

    private static byte[] gzip(byte[] data, int writeSize) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipStream gz = new GzipStream(out)) {
            for (int off = 0; off < data.length; off += writeSize) {
                gz.write(data, off, Math.min(writeSize, data.length - off));
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 1 << 20, (1 << 20) + 1, 5 * (1 << 20) + 12345})
    void gzip_roundTripsAndIsTheSameWhateverTheWriteSizes(int size) throws Exception {
        byte[] data = content(size);
        byte[] a = gzip(data, 7919);
        byte[] b = gzip(data, 65536);
        assertThat(a).isEqualTo(b);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(a))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(a[9]).isEqualTo((byte) 0xff);
    }
}
