package dev.bulwark.debian.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.debian.version.DebianVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParsedIndexTest {

    @TempDir
    Path dir;

    private static ArchivePackage pkg(String name, String version, String provides) throws Exception {
        return new ArchivePackage(name, DebianVersion.parse(version), "amd64", "src", DebianVersion.parse("1:2.0-1"),
                "trixie", "main", "pool/main/s/src/" + name + ".deb", 1234, "a".repeat(64), "libc6 (>= 2.38)", "",
                provides, "", "", false, "same");
    }

    @Test
    void writeThenRead_givesTheSamePackagesEvenWithHugeFields() throws Exception {
        String huge = "librust-x-dev (= 1.0), ".repeat(5000); // > 64 KiB, like real Rust -dev packages
        List<ArchivePackage> packages = List.of(pkg("a", "1.0-1", huge), pkg("b", "2:0.1~rc1-3", ""));
        Path file = ParsedIndex.pathFor(dir, "f".repeat(64));
        ParsedIndex.write(packages, file);
        assertThat(ParsedIndex.read(file, "trixie", "main")).isEqualTo(packages);
    }

    @Test
    void read_ignoresMissingAndDamagedFiles() throws Exception {
        Path file = ParsedIndex.pathFor(dir, "e".repeat(64));
        assertThat(ParsedIndex.read(file, "trixie", "main")).isNull();
        ParsedIndex.write(List.of(pkg("a", "1.0-1", "")), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertThat(ParsedIndex.read(file, "trixie", "main")).isNull();
    }
}
