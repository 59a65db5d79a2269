package dev.bulwark.oci.internal;

import dev.bulwark.oci.BlobMismatchException;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.MediaTypes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifyingInputStreamTest {
    private static final byte[] BLOB = "the genuine blob".getBytes(StandardCharsets.UTF_8);
    private static final Descriptor D = Descriptor.of(MediaTypes.OCI_LAYER, BLOB);

    /** An endless source that counts what was taken from it. */
    private static final class Endless extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'x');
            served += len;
            return len;
        }
    }

    @Test
    void sizeLie_endlessBlob_failsAfterAtMostOneBufferPastTheSize() {
        Endless endless = new Endless();
        assertThatThrownBy(() -> new VerifyingInputStream(endless, D, "test:ref").transferTo(OutputStream.nullOutputStream()))
                .isInstanceOf(BlobMismatchException.class)
                .hasMessageContaining("cannot read blob " + D.digest() + " of test:ref: size mismatch (more than the "
                        + BLOB.length + " bytes");
        assertThat(endless.served).isLessThanOrEqualTo(BLOB.length + 16384L);
    }

    @Test
    void shortBlob_failsAtItsEnd_namingTheSizes() {
        byte[] shorter = java.util.Arrays.copyOf(BLOB, BLOB.length - 1);
        assertThatThrownBy(() -> new VerifyingInputStream(new ByteArrayInputStream(shorter), D, "test:ref").readAllBytes())
                .isInstanceOf(BlobMismatchException.class)
                .hasMessageContaining("size mismatch (" + shorter.length + " bytes, its descriptor says " + BLOB.length);
    }

    @Test
    void closedEarly_readsTheRestAndFailsWhenTheBytesLie_repeatedly() throws Exception {
        byte[] other = BLOB.clone();
        other[BLOB.length - 1] ^= 1;
        VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(other), D, "test:ref");
        in.readNBytes(3);
        assertThatThrownBy(in::close).isInstanceOf(BlobMismatchException.class).hasMessageContaining("digest mismatch");
        VerifyingInputStream again = new VerifyingInputStream(new ByteArrayInputStream(other), D, "test:ref");
        assertThatThrownBy(again::readAllBytes).isInstanceOf(BlobMismatchException.class);
        assertThatThrownBy(() -> again.read()).as("a caught failure does not turn into a clean end")
                .isInstanceOf(BlobMismatchException.class);
        assertThatThrownBy(again::close).isInstanceOf(BlobMismatchException.class);
    }

    @Test
    void genuineBlob_closedEarlyOrReadToTheEnd_passes() {
        assertThatCode(() -> {
            try (InputStream in = new VerifyingInputStream(new ByteArrayInputStream(BLOB), D, "test:ref")) {
                in.readNBytes(3);
            }
            try (InputStream in = new VerifyingInputStream(new ByteArrayInputStream(BLOB), D, "test:ref")) {
                assertThat(in.readAllBytes()).isEqualTo(BLOB);
            }
        }).doesNotThrowAnyException();
    }

    @Test
    void aLargeBlob_hashedOutOfProcess_passesOrFailsLikeASmallOne() throws Exception {
        byte[] big = new byte[3 << 20];   // past the point where openssl takes over, when the host has it
        new java.util.Random(5).nextBytes(big);
        Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER, big);
        assertThat(new VerifyingInputStream(new ByteArrayInputStream(big), d, "test:ref").readAllBytes()).isEqualTo(big);
        byte[] flipped = big.clone();
        flipped[big.length / 2] ^= 1;
        VerifyingInputStream lying = new VerifyingInputStream(new ByteArrayInputStream(flipped), d, "test:ref");
        assertThatThrownBy(lying::readAllBytes).isInstanceOf(BlobMismatchException.class)
                .hasMessageContaining("digest mismatch");
        assertThatThrownBy(() -> lying.read(new byte[1], 0, 1)).isInstanceOf(BlobMismatchException.class);
        assertThatThrownBy(lying::close).isInstanceOf(BlobMismatchException.class);
    }
}
