package dev.bulwark.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A spec's paths[].source reads only files inside the spec's own folder, and entries never land below its links. */
class SpecSourceConfinementTest {
    private static final String HEAD = "name: x\ndistribution: trixie\npackages: [a0]\npaths:\n";

    @TempDir
    Path root;
    Path specDir;
    Path outside;

    @BeforeEach
    void layout() throws IOException {
        specDir = Files.createDirectories(root.resolve("spec"));
        outside = Files.writeString(root.resolve("secret.txt"), "host secret\n");
    }

    private Spec parse(String paths) throws Exception {
        Path file = specDir.resolve("app.yaml");
        Files.writeString(file, HEAD + paths);
        return new SpecParser().parse(file);
    }

    @Test
    void source_absoluteHostPathIsASpecErrorWithItsLine() {
        assertThatThrownBy(() -> parse("  - { path: /etc/shadow, type: file, source: /etc/shadow }\n"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("app.yaml:5:")
                .hasMessageContaining("source '/etc/shadow' must be a path relative to the spec's folder");
    }

    @Test
    void source_dotDotOutOfTheFolderIsRefused() {
        assertThatThrownBy(() -> parse("  - { path: /s, type: file, source: ../secret.txt }\n"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("app.yaml:5:")
                .hasMessageContaining("must stay inside the spec's folder");
        assertThatThrownBy(() -> parse("  - { path: /s, type: file, source: sub/../../secret.txt }\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("(no '..')");
    }

    @Test
    void source_symlinkOutOfTheFolderIsRefused() throws Exception {
        Files.createSymbolicLink(specDir.resolve("innocent.txt"), outside);
        Files.createSymbolicLink(specDir.resolve("etc"), Path.of("/etc"));
        assertThatThrownBy(() -> parse("  - { path: /s, type: file, source: innocent.txt }\n"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("app.yaml:5:")
                .hasMessageContaining("through a symlink, outside the spec's folder");
        assertThatThrownBy(() -> parse("  - { path: /s, type: file, source: etc/hostname }\n"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("through a symlink, outside the spec's folder");
    }

    @Test
    void source_symlinkWithinTheFolderIsReadAtItsRealPath() throws Exception {
        Path real = Files.writeString(Files.createDirectories(specDir.resolve("files")).resolve("main.py"), "print(1)\n");
        Files.createSymbolicLink(specDir.resolve("main.py"), Path.of("files/main.py"));
        Spec spec = parse("  - { path: /app/main.py, type: file, source: main.py }\n");
        assertThat(spec.paths().get(0).source()).isEqualTo(real.toRealPath().toString());
        assertThat(spec.paths().get(0).readSource()).isEqualTo("print(1)\n".getBytes());
    }

    @Test
    void readSource_refusesAFileSwappedForASymlinkAfterParsing() throws Exception {
        Path file = Files.writeString(specDir.resolve("main.py"), "print(1)\n");
        Spec spec = parse("  - { path: /app/main.py, type: file, source: main.py }\n");
        Files.delete(file);
        Files.createSymbolicLink(file, outside);
        assertThatThrownBy(() -> spec.paths().get(0).readSource()).isInstanceOf(IOException.class)
                .hasMessageContaining("changed since the spec was read");
    }

    @Test
    void paths_belowASymlinkTheSpecDeclaresAreRefused() {
        assertThatThrownBy(() -> parse("""
                  - { path: /app/conf, type: symlink, target: /etc }
                  - { path: /app/conf/passwd, type: file, content: "root::0:0::/:/bin/sh" }
                """))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("app.yaml:6:")
                .hasMessageContaining("path '/app/conf/passwd' lies below /app/conf, which this spec declares as a "
                        + "symlink to /etc");
        assertThatThrownBy(() -> parse("""
                  - { path: /app/conf/deep/x, type: file, content: "x" }
                  - { path: /app, type: symlink, target: /usr }
                """))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("app.yaml:5:").hasMessageContaining("lies below /app");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void readSource_refusesAFifoSwappedInAfterParsingWithoutBlocking() throws Exception {
        Path file = Files.writeString(specDir.resolve("main.py"), "print(1)\n");
        Spec spec = parse("  - { path: /app/main.py, type: file, source: main.py }\n");
        Files.delete(file);
        Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
        assertThatThrownBy(() -> spec.paths().get(0).readSource()).isInstanceOf(IOException.class)
                .hasMessageContaining("no longer a regular file");
    }

    @Test
    void readSource_refusesAFileLargerThanTheCap() throws Exception {
        Path file = Files.writeString(specDir.resolve("big.bin"), "");
        Spec spec = parse("  - { path: /app/big.bin, type: file, source: big.bin }\n");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(SourceFiles.MAX_SOURCE + 1);  // sparse: no disk used
        }
        assertThatThrownBy(() -> spec.paths().get(0).readSource()).isInstanceOf(IOException.class)
                .hasMessageContaining("larger than 256 MiB");
    }

    @Test
    void readSource_neverFollowsAnIntermediateDirectorySwappedForASymlink() throws Exception {
        Files.createDirectories(specDir.resolve("sub"));
        Files.writeString(specDir.resolve("sub/main.py"), "print(1)\n");
        Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(root.resolve("elsewhere/main.py"), "host\n");
        Spec spec = parse("  - { path: /app/main.py, type: file, source: sub/main.py }\n");
        Files.move(specDir.resolve("sub"), specDir.resolve("sub.orig"));
        Files.createSymbolicLink(specDir.resolve("sub"), root.resolve("elsewhere"));
        assertThatThrownBy(() -> spec.paths().get(0).readSource()).isInstanceOf(IOException.class)
                .hasMessageContaining("no longer a directory");
    }

    private Spec parseSpec(String text) throws Exception {
        Path file = specDir.resolve("app.yaml");
        Files.writeString(file, text);
        return new SpecParser().parse(file);
    }

    @Test
    void keyrings_relativeOutsideTheFolderAreRefusedWithTheirLine() throws Exception {
        assertThatThrownBy(() -> parseSpec("name: x\ndistribution: trixie\npackages: [a0]\nkeyrings: [../secret.txt]\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("app.yaml:4:")
                .hasMessageContaining("keyring '../secret.txt' must stay inside the spec's folder");
        Files.createSymbolicLink(specDir.resolve("trusted.gpg"), outside);
        assertThatThrownBy(() -> parseSpec("name: x\ndistribution: trixie\npackages: [a0]\nkeyrings: [trusted.gpg]\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("app.yaml:4:")
                .hasMessageContaining("through a symlink, outside the spec's folder");
    }

    @Test
    void keyrings_absoluteHostPathsStayAllowedAsTrustAnchors() throws Exception {
        Files.writeString(specDir.resolve("local.gpg"), "k");
        Spec spec = parseSpec("name: x\ndistribution: trixie\npackages: [a0]\nkeyrings: ["
                + outside + ", local.gpg]\n");
        assertThat(spec.keyrings()).containsExactly(outside.toString(),
                specDir.resolve("local.gpg").toRealPath().toString());
    }

    @Test
    void base_specPathOutsideTheFolderIsRefusedWithItsLine() throws Exception {
        Path parent = Files.writeString(root.resolve("parent.yaml"), "name: p\ndistribution: trixie\n");
        for (String base : new String[] {"../parent.yaml", parent.toString()}) {
            assertThatThrownBy(() -> parseSpec("name: x\nbase: " + base + "\n"))
                    .isInstanceOf(SpecException.class).hasMessageContaining("app.yaml:2:")
                    .hasMessageContaining("base spec '" + base + "' must");
        }
        Files.createSymbolicLink(specDir.resolve("parent.yaml"), parent);
        assertThatThrownBy(() -> parseSpec("name: x\nbase: parent.yaml\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("app.yaml:2:")
                .hasMessageContaining("through a symlink, outside the spec's folder");
    }
}
