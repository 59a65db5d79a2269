package dev.bulwark.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfinedDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void read_regularFile_returnsItsBytes() throws Exception {
        Files.writeString(tmp.resolve("f"), "hello");
        try (ConfinedDirectory dir = ConfinedDirectory.open(tmp, "open it")) {
            BasicFileAttributes a = dir.attributes(Path.of("f"));
            byte[] bytes = dir.read(Path.of("f"), a, 10, "f", "f is too large");
            assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(dir.names()).containsExactly("f");
            assertThat(dir.attributes(Path.of("missing"))).isNull();
        }
    }

    @Test
    void directory_symlinkToADirectory_isNotFollowed() throws Exception {
        Files.createDirectory(tmp.resolve("real"));
        Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real"));
        try (ConfinedDirectory dir = ConfinedDirectory.open(tmp, "open it")) {
            assertThat(dir.attributes(Path.of("link")).isSymbolicLink()).isTrue();
            assertThatThrownBy(() -> dir.directory(Path.of("link"))).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void read_fileReplacedAfterItWasChecked_isRefused() throws Exception {
        Files.writeString(tmp.resolve("f"), "first");
        try (ConfinedDirectory dir = ConfinedDirectory.open(tmp, "open it")) {
            BasicFileAttributes checked = dir.attributes(Path.of("f"));
            Files.move(tmp.resolve("f"), tmp.resolve("kept")); // kept, so its inode is not reused
            Files.writeString(tmp.resolve("other"), "second");
            Files.move(tmp.resolve("other"), tmp.resolve("f"));
            assertThatThrownBy(() -> dir.read(Path.of("f"), checked, 10, "/etc/f", "too large"))
                    .hasMessage("/etc/f was replaced while it was opened");
        }
    }

    @Test
    void read_fileLargerThanTheCap_isRefusedWithTheCallersWords() throws Exception {
        Files.writeString(tmp.resolve("f"), "x".repeat(100));
        try (ConfinedDirectory dir = ConfinedDirectory.open(tmp, "open it")) {
            BasicFileAttributes a = dir.attributes(Path.of("f"));
            assertThatThrownBy(() -> dir.read(Path.of("f"), a, 10, "f", "f is larger than 10 bytes"))
                    .hasMessage("f is larger than 10 bytes");
        }
    }
}
