package dev.bulwark.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WritableTest {
    @TempDir
    Path tmp;

    @Test
    void directory_createsItAndLeavesNoProbeBehind() throws Exception {
        Writable.directory(tmp.resolve("cache/nested"), "the cache", "pass --cache DIR");
        try (var s = Files.list(tmp.resolve("cache/nested"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void directory_belowAFile_isAnEnvironmentErrorSayingWhatToDo() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertThatThrownBy(() -> Writable.directory(file.resolve("cache"), "the cache", "pass --cache DIR"))
                .isInstanceOf(BulwarkException.class)
                .hasMessageStartingWith("cannot write the cache " + file.resolve("cache") + ": cannot create it (")
                .hasMessageEndingWith("; pass --cache DIR")
                .extracting(e -> ((BulwarkException) e).kind()).isEqualTo(BulwarkException.Kind.ENVIRONMENT);
    }

    @Test
    void target_notYetExisting_isCheckedInItsNearestExistingAncestor() throws Exception {
        Writable.target(tmp.resolve("out/a/b/layout"), "image to layout", "choose another --output");
        assertThat(tmp.resolve("out")).doesNotExist(); // checking creates nothing
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThatThrownBy(() -> Writable.target(file.resolve("layout"), "image to layout", "choose another --output"))
                .hasMessageContaining(file + " is not a directory")
                .extracting(e -> ((BulwarkException) e).kind()).isEqualTo(BulwarkException.Kind.BAD_INPUT);
    }
}
