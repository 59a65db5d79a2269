package dev.bulwark.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipReferenceTest {
    @Test
    void thisJavasZlib_writesTheReferenceBytes() {
        // The image digests every other test and the examples expect are made with this zlib; a JDK linked against
        // another deflate fails here first, with the digest it wrote.
        assertThat(GzipReference.sampleDigest()).isEqualTo(GzipReference.REFERENCE_SHA256);
        assertThat(GzipReference.matches()).isTrue();
        assertThat(GzipReference.warning()).isEmpty();
    }

    @Test
    void theProbe_spansSeveralChunksAndDecompressesToItsSample() throws Exception {
        byte[] sample = GzipReference.sample();
        assertThat(sample.length).isGreaterThan(2 * 64 * 1024);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GzipStream gzip = new GzipStream(compressed, 64 * 1024)) {
            gzip.write(sample);
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(sample);
        }
        assertThat(compressed.size()).isLessThan(sample.length / 2);
    }

    @Test
    void theWarning_saysWhatDiffersAndWhatToDo() {
        assertThat(GzipReference.difference())
                .contains(System.getProperty("java.home"), "gzip layers", "digests", "diff_ids", "--compression zstd");
    }
}
