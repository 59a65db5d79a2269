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

    private static Lockfile withBase(Lockfile l, Lockfile.BaseImage base) {
        return new Lockfile(Lockfile.versionFor(base), l.specName(), l.specSha256(), l.distribution(),
                l.sourceDateEpoch(), l.sourceDateEpochPolicy(), l.suites(), l.archs(), base);
    }

    @Test
    void v1Lock_readAndRewritten_staysVersion1WithNoBaseField() throws Exception {
        Lockfile v1 = lock("pool/main/x.deb", "c".repeat(64));
        byte[] bytes = LockfileCodec.encode(v1);
        Files.write(dir.resolve("v1.lock.json"), bytes);

        Lockfile read = LockfileCodec.read(dir.resolve("v1.lock.json"));

        assertThat(read.version()).isEqualTo(1);
        assertThat(read.base()).isNull();
        assertThat(LockfileCodec.encode(read)).isEqualTo(bytes);
        assertThat(new String(bytes)).contains("\"lockfileVersion\" : 1").doesNotContain("\"base\"");
    }

    @Test
    void v2Lock_withABase_roundTripsAndNamesTheBaseAfterTheSpec() throws Exception {
        Lockfile.BaseImage base = new Lockfile.BaseImage("registry.test/team/python3:3.13", "sha256:" + "d".repeat(64));
        Lockfile v2 = withBase(lock("pool/main/x.deb", "c".repeat(64)), base);
        LockfileCodec.write(v2, dir.resolve("v2.lock.json"));

        Lockfile read = LockfileCodec.read(dir.resolve("v2.lock.json"));

        assertThat(read).isEqualTo(v2);
        assertThat(read.version()).isEqualTo(2);
        assertThat(read.base()).isEqualTo(base);
        String text = Files.readString(dir.resolve("v2.lock.json"));
        assertThat(text).contains("\"lockfileVersion\" : 2");
        assertThat(text.indexOf("\"base\"")).isGreaterThan(text.indexOf("\"spec\"")).isLessThan(text.indexOf("\"distribution\""));
    }

    @Test
    void read_refusesABaseInAVersion1Lock() throws Exception {
        String v2 = new String(LockfileCodec.encode(withBase(lock("pool/main/x.deb", "c".repeat(64)),
                new Lockfile.BaseImage("r/x:1", "sha256:" + "d".repeat(64)))));
        Files.writeString(dir.resolve("bad.lock.json"), v2.replace("\"lockfileVersion\" : 2", "\"lockfileVersion\" : 1"));
        assertThatThrownBy(() -> LockfileCodec.read(dir.resolve("bad.lock.json")))
                .isInstanceOf(LockfileException.class).hasMessageContaining("'base' needs lockfileVersion 2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0", "3", "'\"2\"'", "1.5"})
    void read_refusesUnknownVersions(String version) throws Exception {
        String v1 = new String(LockfileCodec.encode(lock("pool/main/x.deb", "c".repeat(64))));
        Files.writeString(dir.resolve("bad.lock.json"), v1.replace("\"lockfileVersion\" : 1", "\"lockfileVersion\" : " + version));
        assertThatThrownBy(() -> LockfileCodec.read(dir.resolve("bad.lock.json")))
                .isInstanceOf(LockfileException.class).hasMessageContaining("unsupported lockfileVersion");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "sourceDateEpoch, '\"soon\"', 'the lock has sourceDateEpoch \"soon\", not a whole number from 0 up'",
            "sourceDateEpoch, -1, 'the lock has sourceDateEpoch -1, not a whole number from 0 up'",
            "sourceDateEpoch, 1.5e9, 'the lock has sourceDateEpoch 1.5E9, not a whole number'",
            "size, '\"10\"', 'package libc6 (amd64) has size \"10\", not a whole number from 0 up'",
            "size, -10, 'package libc6 (amd64) has size -10, not a whole number'",
            "size, 99999999999999999999, 'has size 99999999999999999999, not a whole number'"})
    void read_refusesANumberThatIsNotAWholeNumberFromZero(String field, String value, String message) throws Exception {
        String v1 = new String(LockfileCodec.encode(lock("pool/main/x.deb", "c".repeat(64))));
        String bad = v1.replaceFirst("\"" + field + "\" : [0-9]+", "\"" + field + "\" : " + value);
        assertThat(bad).isNotEqualTo(v1);
        Files.writeString(dir.resolve("bad.lock.json"), bad);
        assertThatThrownBy(() -> LockfileCodec.read(dir.resolve("bad.lock.json")))
                .isInstanceOfSatisfying(LockfileException.class,
                        e -> assertThat(e.kind()).isEqualTo(dev.bulwark.core.BulwarkException.Kind.BAD_INPUT))
                .hasMessageContaining(message).hasMessageContaining("bulwark lock");
    }

    @Test
    void read_refusesABaseDigestThatIsNotADigest() throws Exception {
        String v2 = new String(LockfileCodec.encode(withBase(lock("pool/main/x.deb", "c".repeat(64)),
                new Lockfile.BaseImage("r/x:1", "sha256:" + "d".repeat(64)))));
        Files.writeString(dir.resolve("bad.lock.json"), v2.replace("sha256:" + "d".repeat(64), "latest"));
        assertThatThrownBy(() -> LockfileCodec.read(dir.resolve("bad.lock.json")))
                .isInstanceOf(LockfileException.class).hasMessageContaining("base digest 'latest'");
    }

    @Test
    void lockfile_refusesABaseAtVersion1() {
        Lockfile l = lock("pool/main/x.deb", "c".repeat(64));
        assertThatThrownBy(() -> new Lockfile(1, l.specName(), l.specSha256(), l.distribution(), l.sourceDateEpoch(),
                l.sourceDateEpochPolicy(), l.suites(), l.archs(), new Lockfile.BaseImage("r/x:1", "sha256:" + "d".repeat(64))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 2");
    }
}
