package dev.bulwark.debian.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReleaseTest {

    private static final String A = "a".repeat(64);
    private static final String B = "B".repeat(64);

    @Test
    void parse_readsEveryHashLineWhateverItsSpacing() throws Exception {
        Release r = Release.parse("""
                Suite: stable
                Codename: trixie
                Date: Sat, 09 Aug 2025 09:06:24 UTC
                Architectures: amd64  arm64
                Components: main contrib
                Acquire-By-Hash: yes
                SHA256:
                 %s  1234 main/binary-amd64/Packages.xz
                 \t%s\t 5 main/binary-arm64/Packages
                 %s 7 a-line with four words
                 %s
                """.formatted(A, B, A, A), "test");
        assertThat(r.files()).containsOnlyKeys("main/binary-amd64/Packages.xz", "main/binary-arm64/Packages");
        assertThat(r.file("main/binary-amd64/Packages.xz")).contains(new Release.FileHash(1234, A));
        assertThat(r.file("main/binary-arm64/Packages")).contains(new Release.FileHash(5, "b".repeat(64)));
        assertThat(r.codename()).isEqualTo("trixie");
        assertThat(r.architectures()).containsExactly("amd64", "arm64");
        assertThat(r.acquireByHash()).isTrue();
        assertThat(r.date()).isEqualTo(Instant.parse("2025-08-09T09:06:24Z"));
    }

    @Test
    void parse_refusesABadSizeNamingTheLine() {
        assertThatThrownBy(() -> Release.parse("Suite: stable\nSHA256:\n " + A + " 12x main/Packages\n", "test"))
                .isInstanceOf(ArchiveException.class).hasMessageContaining("bad size in SHA256 line '" + A);
    }

    @Test
    void parse_refusesAReleaseWithoutHashes() {
        assertThatThrownBy(() -> Release.parse("Suite: stable\nSHA256:\n only two\n", "test"))
                .isInstanceOf(ArchiveException.class).hasMessageContaining("lists no SHA256 hashes");
    }
}
