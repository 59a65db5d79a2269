package dev.bulwark.spec.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LockfileCodecTest {

    @TempDir
    Path dir;

    private static Lockfile lock(String filename, String sha) {
        return new Lockfile(1, "x", "a".repeat(64), "trixie", 1_700_000_000L, "p",
                List.of(new Lockfile.LockedSuite("trixie", "dists/trixie/InRelease", "b".repeat(64), "2026-01-01T00:00:00Z")),
                Map.of("amd64", List.of(new Lockfile.LockedPackage("libc6", "2.41-12", "amd64", "glibc", "2.41-12", "trixie",
                        "main", filename, 10, sha))));
    }

    @Test
    void writeThenRead_roundTripsAndEncodesTheSameBytes() throws Exception {
        Lockfile lock = lock("pool/main/g/glibc/libc6_2.41-12_amd64.deb", "c".repeat(64));
        LockfileCodec.write(lock, dir.resolve("x.lock.json"));
        Lockfile read = LockfileCodec.read(dir.resolve("x.lock.json"));
        assertThat(read).isEqualTo(lock);
        assertThat(LockfileCodec.encode(read)).isEqualTo(Files.readAllBytes(dir.resolve("x.lock.json")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "https://evil.example/x.deb, not a relative path",
            "file:///etc/passwd, not a relative path",
            "/pool/main/x.deb, not a relative path",
            "pool/../../x.deb, contains '..'",
            "pool/main/x y.deb, not a relative path"})
    void read_refusesFilenamesThatLeaveTheMirror(String filename, String message) throws Exception {
        Files.write(dir.resolve("bad.lock.json"), LockfileCodec.encode(lock(filename, "c".repeat(64))));
        assertThatThrownBy(() -> LockfileCodec.read(dir.resolve("bad.lock.json")))
                .isInstanceOf(LockfileException.class).hasMessageContaining(message).hasMessageContaining("libc6");
    }

    @Test
    void read_refusesAMalformedDigest() throws Exception {
        Files.write(dir.resolve("bad.lock.json"), LockfileCodec.encode(lock("pool/main/x.deb", "XYZ")));
        assertThatThrownBy(() -> LockfileCodec.read(dir.resolve("bad.lock.json"))).hasMessageContaining("64 lower-case hex");
    }

    @Test
    void read_missingLockSaysToRunLock() {
        assertThatThrownBy(() -> LockfileCodec.read(dir.resolve("none.lock.json"))).hasMessageContaining("bulwark lock");
    }
}
