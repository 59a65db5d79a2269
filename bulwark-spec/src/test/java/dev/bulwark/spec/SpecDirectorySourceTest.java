package dev.bulwark.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code type: directory} entry with a {@code source} copies a tree from the spec's folder: one entry per directory
 * and file, in name order, with modes and owners the spec decides, never a link and never outside the folder.
 */
class SpecDirectorySourceTest {
    private static final String HEAD = "name: x\ndistribution: trixie\npackages: [a0]\npaths:\n";

    @TempDir
    Path root;
    Path specDir;

    @BeforeEach
    void layout() throws IOException {
        specDir = Files.createDirectories(root.resolve("spec"));
        Path lib = Files.createDirectories(specDir.resolve("dist/lib"));
        // Written out of name order: the spec's order must not depend on the host's directory order.
        Files.writeString(lib.resolve("zeta-1.0.jar"), "z");
        Files.writeString(lib.resolve("alpha-2.0.jar"), "a");
        Files.writeString(lib.resolve("alpha-2.0.pom"), "<project/>");
        Files.writeString(specDir.resolve("dist/app.jar"), "app");
        Path run = Files.writeString(specDir.resolve("dist/run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(specDir.resolve("dist/app.jar"), PosixFilePermissions.fromString("rw-rw-rw-"));
    }

    private Spec parse(String paths) throws Exception {
        Path file = specDir.resolve("app.yaml");
        Files.writeString(file, HEAD + paths);
        return new SpecParser().parse(file);
    }

    @Test
    void directorySource_expandsTheTreeInNameOrderWithFixedModesAndTheEntrysOwner() throws Exception {
        Spec spec = parse("  - { path: /opt/app, type: directory, source: dist, uid: 10001, gid: 10002, mode: 0o750 }\n"
                + "  - { path: /opt/other, type: directory }\n");
        assertThat(spec.paths()).extracting(PathEntry::path).containsExactly("/opt/app", "/opt/app/app.jar",
                "/opt/app/lib", "/opt/app/lib/alpha-2.0.jar", "/opt/app/lib/alpha-2.0.pom", "/opt/app/lib/zeta-1.0.jar",
                "/opt/app/run.sh", "/opt/other");
        PathEntry top = spec.paths().get(0);
        assertThat(top.type()).isEqualTo(PathEntry.Type.DIRECTORY);
        assertThat(top.source()).isNull();
        assertThat(spec.paths().get(2)).extracting(PathEntry::type, PathEntry::mode, PathEntry::uid, PathEntry::gid)
                .containsExactly(PathEntry.Type.DIRECTORY, 0750, 10001, 10002);
        // The host's 0666 and 0750 are not copied: files are 0644, or 0755 when their owner may run them.
        assertThat(spec.paths().get(1)).extracting(PathEntry::type, PathEntry::mode, PathEntry::uid, PathEntry::gid)
                .containsExactly(PathEntry.Type.FILE, 0644, 10001, 10002);
        assertThat(spec.paths().get(6).mode()).isEqualTo(0755);
        PathEntry jar = spec.paths().get(3);
        assertThat(jar.source()).isEqualTo(specDir.resolve("dist/lib/alpha-2.0.jar").toRealPath().toString());
        assertThat(jar.readSource()).isEqualTo("a".getBytes());
    }

    @Test
    void directorySource_symlinkInTheTreeIsRefusedWithItsLine() throws Exception {
        Files.createSymbolicLink(specDir.resolve("dist/lib/secret.jar"), root.resolve("outside.jar"));
        Files.writeString(root.resolve("outside.jar"), "host file");
        assertThatThrownBy(() -> parse("  - { path: /opt/app, type: directory, source: dist }\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("app.yaml:5:")
                .hasMessageContaining("secret.jar, which is a symlink");
    }

    @Test
    void directorySource_outsideTheFolderIsRefused() throws Exception {
        Files.createDirectories(root.resolve("host"));
        Files.createSymbolicLink(specDir.resolve("linked"), root.resolve("host"));
        assertThatThrownBy(() -> parse("  - { path: /opt/app, type: directory, source: linked }\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("outside the spec's folder");
        assertThatThrownBy(() -> parse("  - { path: /opt/app, type: directory, source: ../spec/dist/../.. }\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("no '..'");
    }

    @Test
    void directorySource_thatIsAFileOrClashesWithAnotherEntryIsAnError() throws Exception {
        assertThatThrownBy(() -> parse("  - { path: /opt/app, type: directory, source: dist/app.jar }\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> parse("  - { path: /opt/app, type: directory, source: dist }\n"
                + "  - { path: /opt/app/app.jar, type: file, content: x }\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("duplicate path '/opt/app/app.jar'");
        assertThatThrownBy(() -> parse("  - { path: /opt/app, type: file, source: dist }\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("is not a regular file");
        assertThatThrownBy(() -> parse("  - { path: /opt/app, type: directory, source: nowhere }\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("app.yaml:5:")
                .hasMessageContaining("source directory " + specDir.resolve("nowhere") + " not found");
        assertThatThrownBy(() -> parse("  - { path: /opt/app, type: file, source: nowhere }\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("source file " + specDir.resolve("nowhere")
                        + " not found");
    }

    @Test
    void directorySource_emptyTreeIsJustTheDirectory() throws Exception {
        Files.createDirectories(specDir.resolve("empty"));
        Spec spec = parse("  - { path: /opt/empty, type: directory, source: empty }\n");
        assertThat(spec.paths()).extracting(PathEntry::path).isEqualTo(List.of("/opt/empty"));
    }

    @Test
    void directorySource_fileNameThatIsNotUtf8IsRefusedWithItsLine() throws Exception {
        // Two names that decode to the same string (each byte invalid UTF-8): neither may be dropped or misnamed.
        Process touch = new ProcessBuilder("/bin/sh", "-c",
                "touch \"$(printf 'dist/a\\377')\" \"$(printf 'dist/a\\376')\"")
                .directory(specDir.toFile()).inheritIO().start();
        assertThat(touch.waitFor()).isZero();
        assertThatThrownBy(() -> parse("  - { path: /opt/app, type: directory, source: dist }\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("app.yaml:5:")
                .hasMessageContaining("holds a file name that is not valid UTF-8 (a?)");
    }

    @Test
    void directorySource_treesOverTheTotalSizeAreRefusedAcrossEntries() throws Exception {
        // Sparse files: their size counts, no disk is written. Each is under the one-file limit; together they are not.
        for (String name : List.of("big/one.bin", "more/two.bin")) {
            Path file = specDir.resolve(name);
            Files.createDirectories(file.getParent());
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(DirectorySources.MAX_BYTES / 2 + 1);
            }
        }
        assertThat(parse("  - { path: /opt/one, type: directory, source: big }\n").paths()).hasSize(2);
        assertThatThrownBy(() -> parse("  - { path: /opt/one, type: directory, source: big }\n"
                + "  - { path: /opt/two, type: directory, source: more }\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("app.yaml:6:")
                .hasMessageContaining("source directories hold more than 256 MiB of files (reached at ")
                .hasMessageContaining("two.bin); put large trees in a package or a base image");
    }
}
