package dev.bulwark.debian.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.testkit.Compression;
import dev.bulwark.testkit.FakeDeb;

/** Packages that would escape or redirect the image tree, or are broken, are refused naming package and entry. */
class DebFileHostileTest {
    @TempDir
    Path dir;

    private static FakeDeb.Builder evil() {
        return FakeDeb.builder("evil", "1.0", "all").file("/usr/share/doc/evil/README", new byte[] {1}, 0644);
    }

    @Test
    void readData_refusesParentDirectoryEntry() throws Exception {
        assertDataRefused(evil().rawEntryName("./usr/../../etc/passwd", new byte[] {1}).build().bytes())
                .hasMessage("cannot read evil.deb: data.tar.xz: entry ./usr/../../etc/passwd: "
                        + "path ./usr/../../etc/passwd has a '..' component");
    }

    @Test
    void readData_refusesBareParentDirectoryEntry() throws Exception {
        assertDataRefused(evil().rawEntryName("../escape", new byte[] {1}).build().bytes())
                .hasMessageContaining("entry ../escape: path ../escape has a '..' component");
    }

    @Test
    void readData_refusesAbsoluteEntryName() throws Exception {
        assertDataRefused(evil().rawEntryName("/etc/x", new byte[] {1}).build().bytes())
                .hasMessageContaining("entry /etc/x: absolute entry name /etc/x");
    }

    @Test
    void readData_acceptsNamesWithoutDotSlash() throws Exception {
        byte[] tar = new TarBytes().dir("./").dir("usr/").file("usr/x", "x").end();
        assertThat(DebFileTest.entries(write(DebBytes.withDataTar(tar))))
                .extracting(DataEntry::path).containsExactly("/", "/usr", "/usr/x");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readData_refusesDeviceNode(boolean block) throws Exception {
        assertDataRefused(evil().device("dev/null", block, 1, 3).build().bytes())
                .hasMessageContaining("entry ./dev/null: device nodes are not allowed");
    }

    @Test
    void readData_refusesFifo() throws Exception {
        byte[] tar = new TarBytes().dir("./").entry("./run/pipe", '6', 0644, 0, 0, null, "").end();
        assertDataRefused(DebBytes.withDataTar(tar)).hasMessageContaining("entry ./run/pipe: FIFOs are not allowed");
    }

    @ParameterizedTest
    @ValueSource(chars = {'S', 'V', 'D', '7', 'Z'})
    void readData_refusesUnknownEntryType(char type) throws Exception {
        byte[] tar = new TarBytes().dir("./").entry("./odd", type, 0644, 0, 0, null, "").end();
        assertDataRefused(DebBytes.withDataTar(tar))
                .hasMessageContaining("entry ./odd: unknown entry type '" + type + "'");
    }

    @Test
    void readData_refusesHardlinkToMissingFile() throws Exception {
        assertDataRefused(evil().hardlink("/usr/bin/sh", "/bin/bash").build().bytes())
                .hasMessageContaining("entry ./usr/bin/sh: hard link target ./bin/bash is not an earlier regular file");
    }

    @Test
    void readData_refusesHardlinkToDirectory() throws Exception {
        assertDataRefused(evil().hardlink("/usr/loop", "/usr/share").build().bytes())
                .hasMessageContaining("hard link target ./usr/share is not an earlier regular file");
    }

    @Test
    void readData_refusesHardlinkToLaterFile() throws Exception {
        byte[] tar = new TarBytes().dir("./").entry("./a", '1', 0644, 0, 0, null, "./b").file("./b", "b").end();
        assertDataRefused(DebBytes.withDataTar(tar))
                .hasMessageContaining("entry ./a: hard link target ./b is not an earlier regular file");
    }

    @Test
    void readData_refusesHardlinkOutsideThePackage() throws Exception {
        byte[] tar = new TarBytes().dir("./").entry("./a", '1', 0644, 0, 0, null, "../../etc/shadow").end();
        assertDataRefused(DebBytes.withDataTar(tar))
                .hasMessageContaining("entry ./a: path ../../etc/shadow has a '..'");
    }

    @Test
    void readData_refusesEntryBelowSymlinkedDirectory() throws Exception {
        byte[] deb = FakeDeb.builder("evil", "1.0", "all").symlink("/usr/lib/cron", "/etc/cron.d")
                .file("/usr/lib/cron/job", new byte[] {1}, 0644).build().bytes();
        assertDataRefused(deb).hasMessageContaining(
                "entry ./usr/lib/cron/job: parent /usr/lib/cron is a symlink earlier in the package");
    }

    @Test
    void readData_refusesEntryBelowUndeclaredDirectoryOfASymlink() throws Exception {
        byte[] tar = new TarBytes().dir("./").entry("./etc", '2', 0777, 0, 0, null, "/tmp")
                .file("./etc/cron.d/job", "x").end();
        assertDataRefused(DebBytes.withDataTar(tar)).hasMessageContaining("parent /etc is a symlink");
    }

    @Test
    void readData_refusesEntryBelowFile() throws Exception {
        byte[] tar = new TarBytes().dir("./").file("./x", "x").file("./x/y", "y").end();
        assertDataRefused(DebBytes.withDataTar(tar)).hasMessageContaining("entry ./x/y: parent /x is not a directory");
    }

    @Test
    void readData_refusesDuplicateEntry() throws Exception {
        byte[] tar = new TarBytes().dir("./").entry("./x", '2', 0777, 0, 0, null, "y").file("./x", "x").end();
        assertDataRefused(DebBytes.withDataTar(tar)).hasMessageContaining("entry ./x: duplicate entry");
    }

    @Test
    void readData_refusesNulInGnuLongName() throws Exception {
        byte[] tar = new TarBytes().dir("./")
                .gnuLong('L', "./usr/bin/x\0../../etc/passwd".getBytes(StandardCharsets.UTF_8))
                .file("./usr/bin/x", "x").end();
        assertDataRefused(DebBytes.withDataTar(tar)).hasMessageContaining("name contains NUL");
    }

    @Test
    void readData_refusesNulInPaxPath() throws Exception {
        byte[] tar = new TarBytes().dir("./").pax('x', Map.of("path", "./a\0b")).file("./a", "x").end();
        assertDataRefused(DebBytes.withDataTar(tar)).hasMessageContaining("entry ./a\\0b: name contains NUL");
    }

    @Test
    void readData_refusesNulInSymlinkTarget() throws Exception {
        byte[] tar = new TarBytes().dir("./").pax('x', Map.of("linkpath", "a\0b"))
                .entry("./l", '2', 0777, 0, 0, null, "a").end();
        assertDataRefused(DebBytes.withDataTar(tar)).hasMessageContaining("entry ./l: symlink target contains NUL");
    }

    @Test
    void readData_refusesSparseFiles() throws Exception {
        byte[] tar = new TarBytes().dir("./").pax('x', Map.of("GNU.sparse.major", "1")).file("./s", "x").end();
        assertDataRefused(DebBytes.withDataTar(tar)).hasMessageContaining("sparse files are not supported");
    }

    @Test
    void readData_refusesTruncatedTarContent() throws Exception {
        byte[] tar = new TarBytes().dir("./").file("./big", "y".repeat(5000)).unfinished();
        byte[] cut = Arrays.copyOf(tar, 512 + 512 + 1000);
        assertDataRefused(DebBytes.withDataTar(cut))
                .hasMessageContaining("data.tar entry ./big: truncated: the archive ends inside");
    }

    @Test
    void readData_refusesArchiveWithoutEndBlocks() throws Exception {
        byte[] tar = new TarBytes().dir("./").file("./x", "x").unfinished();
        assertDataRefused(DebBytes.withDataTar(tar)).hasMessageContaining("truncated");
    }

    @Test
    void readData_refusesArchiveWithOneEndBlock() throws Exception {
        byte[] tar = new TarBytes().dir("./").file("./x", "x").unfinished();
        byte[] one = Arrays.copyOf(tar, tar.length + 512);
        assertDataRefused(DebBytes.withDataTar(one)).hasMessageContaining("not followed by a second one");
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"XZ", "ZSTD", "GZIP"})
    void readData_refusesTruncatedCompressedData(Compression c) throws Exception {
        byte[] deb = withDataMember(big(c), m -> Arrays.copyOf(m, m.length * 2 / 3));
        assertDataRefused(deb).hasMessageContaining("cannot read evil.deb: data.tar" + c.suffix())
                .hasMessageMatching(".*(truncated|corrupt) " + c.suffix().substring(1) + " data.*");
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"XZ", "ZSTD", "GZIP"})
    void readData_refusesCorruptCompressedData(Compression c) throws Exception {
        byte[] deb = withDataMember(big(c), m -> {
            byte[] bad = m.clone();
            for (int i = bad.length / 2; i < bad.length / 2 + 64; i++) {
                bad[i] ^= (byte) 0x5a;
            }
            return bad;
        });
        assertDataRefused(deb).hasMessageContaining("cannot read evil.deb: data.tar" + c.suffix())
                .hasMessageContaining("corrupt " + c.suffix().substring(1) + " data");
    }

    @Test
    void readData_refusesBadTarChecksum() throws Exception {
        byte[] tar = new TarBytes().dir("./").file("./x", "x").patchLastHeader(100, "0777".getBytes()).end();
        assertDataRefused(DebBytes.withDataTar(tar)).hasMessageContaining("entry ./x: bad tar header checksum");
    }

    @Test
    void readData_refusesSizeOnADirectory() throws Exception {
        byte[] tar = new TarBytes().dir("./").entry("./d/", '5', 0755, 0, 0, new byte[] {1}, "").end();
        assertDataRefused(DebBytes.withDataTar(tar)).hasMessageContaining("entry ./d/: a directory entry has size 1");
    }

    @Test
    void open_refusesTruncatedFile() throws Exception {
        byte[] deb = evil().build().bytes();
        assertOpenRefused(Arrays.copyOf(deb, deb.length - 10))
                .hasMessageContaining("truncated: ar member data.tar.xz declares");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bz2", "lzma"})
    void open_refusesUnsupportedCompression(String suffix) throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>(DebBytes.members(evil().build().bytes()));
        byte[] data = members.remove("data.tar.xz");
        members.put("data.tar." + suffix, data);
        assertOpenRefused(DebBytes.ar(members)).hasMessageContaining("member data.tar." + suffix + " uses")
                .hasMessageContaining("compression, which is not supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.0\n", "1.0\n", "2\n", "junk"})
    void open_refusesUnsupportedFormatVersion(String version) throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>(DebBytes.members(evil().build().bytes()));
        members.put("debian-binary", version.getBytes(StandardCharsets.US_ASCII));
        assertOpenRefused(DebBytes.ar(members)).hasMessageContaining("unsupported package format version");
    }

    @Test
    void open_refusesMembersOutOfOrder() throws Exception {
        Map<String, byte[]> in = DebBytes.members(evil().build().bytes());
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("debian-binary", in.get("debian-binary"));
        members.put("data.tar.xz", in.get("data.tar.xz"));
        members.put("control.tar.xz", in.get("control.tar.xz"));
        assertOpenRefused(DebBytes.ar(members)).hasMessageContaining("unexpected ar member data.tar.xz");
    }

    @Test
    void open_refusesFileThatIsNotAnArArchive() throws Exception {
        assertOpenRefused("PK\3\4 a zip file".getBytes(StandardCharsets.US_ASCII))
                .hasMessage("cannot read evil.deb: not a Debian package (no \"!<arch>\" ar header)");
    }

    @Test
    void open_refusesControlMemberWithoutControlFile() throws Exception {
        Map<String, byte[]> members = new LinkedHashMap<>(DebBytes.members(evil().build().bytes()));
        members.put("control.tar.xz", Compression.XZ.compress(new TarBytes().dir("./").end()));
        assertOpenRefused(DebBytes.ar(members)).hasMessageContaining("control.tar.xz has no control file");
    }

    /** A package whose data member is about 200 KB of compressible but varied text. */
    private static byte[] big(Compression c) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 200_000; i++) {
            text.append("line ").append(i * 7919 % 10007).append(' ').append(Integer.toHexString(i * 31)).append('\n');
        }
        return FakeDeb.builder("evil", "1.0", "all").file("/big", text.toString().getBytes(StandardCharsets.UTF_8),
                0644).compression(c).build().bytes();
    }

    private static byte[] withDataMember(byte[] deb, java.util.function.UnaryOperator<byte[]> change) {
        Map<String, byte[]> members = new LinkedHashMap<>(DebBytes.members(deb));
        String data = members.keySet().stream().filter(n -> n.startsWith("data.tar")).findFirst().orElseThrow();
        members.put(data, change.apply(members.get(data)));
        return DebBytes.ar(members);
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("evil.deb"), bytes);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertDataRefused(byte[] deb) throws Exception {
        Path path = write(deb);
        try (DebFile file = DebFile.open(path, "evil.deb")) {
            return assertThatThrownBy(() -> file.readData((e, in) -> in.transferTo(OutputStream.nullOutputStream())))
                    .isInstanceOf(DebException.class)
                    .satisfies(e -> assertThat(((BulwarkException) e).kind()).isEqualTo(Kind.BAD_INPUT));
        }
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertOpenRefused(byte[] deb) throws Exception {
        Path path = write(deb);
        return assertThatThrownBy(() -> DebFile.open(path, "evil.deb").close()).isInstanceOf(DebException.class);
    }
}
