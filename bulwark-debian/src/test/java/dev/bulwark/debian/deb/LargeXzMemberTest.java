package dev.bulwark.debian.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.testkit.Compression;
import dev.bulwark.testkit.FakeDeb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Members over XzProcessStream.MIN_SIZE go through the system xz; the bytes and the failure on corrupt data are the same as in-process. */
class LargeXzMemberTest {

    @TempDir
    Path dir;

    /** The trusted system xz; CI (CI=true) must have it, elsewhere the tests that need it skip and say why. */
    private static void needSystemXz() {
        if ("true".equals(System.getenv("CI"))) {
            assertThat(XzProcessStream.installed()).as("a root-owned /usr/bin/xz that decodes a known stream (CI=true):"
                    + " apt-get install xz-utils").isTrue();
        }
        assumeTrue(XzProcessStream.installed(), "no trusted system xz (/usr/bin/xz); the in-process decoder is used");
    }

    @Test
    void systemXz_isFoundWhereTheHostHasOne() throws Exception {
        boolean hostHasOne = dev.bulwark.core.SystemTools.trusted(Path.of("/usr/bin/xz"))
                || dev.bulwark.core.SystemTools.trusted(Path.of("/bin/xz"));
        assumeTrue(hostHasOne || "true".equals(System.getenv("CI")), "no root-owned /usr/bin/xz on this machine");
        assertThat(XzProcessStream.installed()).as("a trusted system xz that decodes the known stream").isTrue();
        try (var in = XzProcessStream.decoding(new java.io.ByteArrayInputStream(new byte[0]), XzProcessStream.MIN_SIZE,
                1024)) {
            assertThat(in).isInstanceOf(XzProcessStream.class);   // members this large go to it
        }
    }

    private static byte[] payload() {
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data); // incompressible: the xz member stays far over the threshold
        return data;
    }

    @Test
    void readData_largeXzMemberStreamsTheExactBytes() throws Exception {
        needSystemXz();
        byte[] data = payload();
        FakeDeb deb = FakeDeb.builder("big", "1", "amd64").file("/usr/share/big/blob", data, 0644)
                .compression(Compression.XZ).build();
        Path file = dir.resolve("big.deb");
        Files.write(file, deb.bytes());
        byte[][] seen = new byte[1][];
        try (DebFile d = DebFile.open(file, "big.deb")) {
            d.readData((entry, content) -> {
                if (entry.path().equals("/usr/share/big/blob")) {
                    seen[0] = content.readAllBytes();
                }
            });
        }
        assertThat(MessageDigest.getInstance("SHA-256").digest(seen[0]))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void readData_corruptLargeXzMemberFailsWithAClearError() throws Exception {
        needSystemXz();
        byte[] bytes = FakeDeb.builder("big", "1", "amd64").file("/usr/share/big/blob", payload(), 0644)
                .compression(Compression.XZ).build().bytes();
        bytes[bytes.length - 200_000] ^= 0x55; // inside the data member's compressed stream
        Path file = dir.resolve("bad.deb");
        Files.write(file, bytes);
        assertThatThrownBy(() -> {
            try (DebFile d = DebFile.open(file, "bad.deb")) {
                d.readData((entry, content) -> content.readAllBytes());
            }
        }).isInstanceOf(DebException.class).hasMessageContaining("bad.deb").hasMessageContaining("xz");
    }
}
