package dev.bulwark.debian.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecodedIndexCheckTest {
    private static final byte[] INDEX = "Package: a\nVersion: 1\n\nPackage: b\nVersion: 2\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void read_ofWhatTheReleaseLists_endsNormally() throws IOException {
        try (InputStream in = new DecodedIndexCheck(new ByteArrayInputStream(INDEX),
                new Release.FileHash(INDEX.length, Sha256.hex(INDEX)), "trixie/main/binary-amd64/Packages.xz")) {
            assertThat(in.readAllBytes()).isEqualTo(INDEX);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void read_ofOtherBytesOfTheSameSize_failsAtTheEndNamingTheIndex() {
        byte[] other = INDEX.clone();
        other[20] = '9';   // a decoder that swapped a version
        assertThatThrownBy(() -> new DecodedIndexCheck(new ByteArrayInputStream(other),
                new Release.FileHash(INDEX.length, Sha256.hex(INDEX)), "trixie/main/binary-amd64/Packages.xz").readAllBytes())
                .isInstanceOf(IOException.class).hasMessageContaining("trixie/main/binary-amd64/Packages.xz")
                .hasMessageContaining("InRelease lists");
    }

    @Test
    void read_afterAMismatch_failsAgainRatherThanEndNormally() throws IOException {
        byte[] other = INDEX.clone();
        other[20] = '9';
        InputStream in = new DecodedIndexCheck(new ByteArrayInputStream(other),
                new Release.FileHash(INDEX.length, Sha256.hex(INDEX)), "x/Packages.xz");
        byte[] got = new byte[INDEX.length];
        assertThat(in.read(got, 0, got.length)).isEqualTo(INDEX.length);   // the bytes pass; only the end tells
        assertThat(got).isEqualTo(other);
        assertThatThrownBy(in::read).hasMessageContaining("InRelease lists");
        assertThatThrownBy(in::read).hasMessageContaining("InRelease lists");
        assertThat(in.markSupported()).isFalse();
    }

    @Test
    void read_ofTooFewBytes_failsByteByByteToo() {
        InputStream in = new DecodedIndexCheck(new ByteArrayInputStream(INDEX, 0, INDEX.length - 1),
                new Release.FileHash(INDEX.length, Sha256.hex(INDEX)), "x/Packages.gz");
        assertThatThrownBy(() -> {
            while (in.read() >= 0) {
                // drain
            }
        }).hasMessageContaining((INDEX.length - 1) + " bytes");
    }
}
