package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hashing many files: openssl's answers equal Java's, and any answer that is not right falls back to Java. */
class Sha256FilesTest {

    @TempDir
    Path tmp;

    private List<Path> files(int count, int size) throws IOException {
        Random random = new Random(7);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[size + i];
            random.nextBytes(b);
            out.add(Files.write(tmp.resolve("blob " + i), b));
        }
        return out;
    }

    private static List<String> java(List<Path> files) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            out.add(Sha256.hex(f));
        }
        return out;
    }

    private static Path openssl() {
        Path tool = Path.of("/usr/bin/openssl");
        if (!Files.isExecutable(tool)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("openssl is missing (CI=true): apt-get install openssl");
            }
            assumeTrue(false, "openssl is not installed: the native hashing path is not tested");
        }
        return tool;
    }

    @Test
    void openssl_givesJavasHashes_inOrder_forManyFilesAndNamesWithSpaces() throws Exception {
        List<Path> files = files(300, 1000);   // more than one batch of paths
        assertThat(NativeSha256.hex(openssl(), files)).isEqualTo(java(files));
    }

    @Test
    void aLargeSet_hashesTheSameWhicheverWayItGoes() throws Exception {
        List<Path> files = files(3, 2 << 20);   // over the native threshold
        assertThat(Sha256.hex(files)).isEqualTo(java(files));
        assertThat(Sha256.hex(files.subList(0, 1))).isEqualTo(java(files.subList(0, 1)));
        assertThat(Sha256.hex(List.of())).isEmpty();
    }

    @Test
    void aToolThatLies_orFails_orIsMissing_givesNoAnswer() throws Exception {
        List<Path> files = files(2, 10);
        Path liar = tmp.resolve("liar");
        Files.writeString(liar, "#!/bin/sh\nfor f in \"$@\"; do case $f in /*) echo \"" + "0".repeat(64) + " *$f\";; esac; done\n");
        Path shortLiar = tmp.resolve("short");
        Files.writeString(shortLiar, "#!/bin/sh\necho \"" + "0".repeat(64) + " *$5\"\n");
        Path failing = tmp.resolve("failing");
        Files.writeString(failing, "#!/bin/sh\nexit 1\n");
        for (Path p : List.of(liar, shortLiar, failing)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        }
        // hex(tool, …) checks only the shape: the tool itself is trusted by where it lives and its known answer (openssl())
        assertThat(NativeSha256.hex(liar, files)).containsOnly("0".repeat(64));
        assertThat(NativeSha256.hex(shortLiar, files)).isNull();
        assertThat(NativeSha256.hex(failing, files)).isNull();
        assertThat(NativeSha256.hex(tmp.resolve("missing"), files)).isNull();
        assertThat(NativeSha256.hex(openssl(), List.of(Files.write(tmp.resolve("new\nline"), new byte[1])))).isNull();
    }

    @Test
    void aMissingFile_isAnError() {
        assertThatThrownBy(() -> Sha256.hex(List.of(tmp.resolve("none"), tmp.resolve("other"))))
                .isInstanceOf(NoSuchFileException.class);
    }
}
