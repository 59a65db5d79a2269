package dev.bulwark.oci.layer;

import dev.bulwark.oci.Fixtures;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.Layers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerWriterTest {
    /** sha256 of the uncompressed tar of {@link Fixtures#smallTree}("golden"); regenerate only on a format change. */
    static final String GOLDEN_DIFF_ID = "sha256:b21890b69051517e80aae6e10e9bcc6b62963034c950a09f3e6be48f3480febc";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void write_sameInputTwice_sameDigests(Compression c) throws OciException {
        LayerWriter w = new LayerWriter(tmp, Fixtures.EPOCH, c);
        FileLayer a = w.write(Fixtures.smallTree("x"));
        List<TarEntry> reversed = new ArrayList<>(Fixtures.smallTree("x"));
        java.util.Collections.reverse(reversed);
        FileLayer b = w.write(reversed);
        assertThat(a.descriptor()).isEqualTo(b.descriptor());
        assertThat(a.diffId()).isEqualTo(b.diffId());
        assertThat(a.descriptor().mediaType()).isEqualTo(c.mediaType());
    }

    @Test
    void write_smallTree_matchesGoldenDiffIdInEveryCompression() throws OciException {
        for (Compression c : Compression.values()) {
            FileLayer layer = new LayerWriter(tmp, Fixtures.EPOCH, c).write(Fixtures.smallTree("golden"));
            assertThat(layer.diffId()).hasToString(GOLDEN_DIFF_ID);
        }
    }

    @Test
    void write_gzip_hasFixedHeader() throws IOException, OciException {
        FileLayer layer = new LayerWriter(tmp, Fixtures.EPOCH, Compression.GZIP).write(Fixtures.smallTree("x"));
        byte[] head = new byte[10];
        try (InputStream in = layer.open()) {
            assertThat(in.readNBytes(head, 0, 10)).isEqualTo(10);
        }
        assertThat(head).containsExactly(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);
    }

    @Test
    void write_sortsEntriesParentsFirstWithTarNames() throws Exception {
        List<TarReader.Header> headers = readBack(Fixtures.smallTree("x"), Compression.GZIP);
        assertThat(headers).extracting(TarReader.Header::path).containsExactly(
                "/etc", "/etc/motd", "/home", "/home/nonroot", "/tmp", "/usr", "/usr/bin", "/usr/bin/hello",
                "/usr/bin/hello2", "/usr/bin/hi");
        assertThat(headers).allSatisfy(h -> assertThat(h.mtime()).isEqualTo(Fixtures.EPOCH));
        assertThat(headers).allSatisfy(h -> assertThat(h.uname()).isEmpty());
        assertThat(headers).noneMatch(TarReader.Header::pax);
    }

    @Test
    void write_rawNames_haveNoLeadingSlashAndDirsEndWithSlash() throws Exception {
        FileLayer layer = new LayerWriter(tmp, Fixtures.EPOCH, Compression.NONE).write(Fixtures.smallTree("x"));
        byte[] tar = Files.readAllBytes(layer.file());
        assertThat(new String(tar, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("etc/");
        assertThat(tar.length % 512).isZero();
        assertThat(layer.uncompressedSize()).isEqualTo(tar.length);
    }

    @Test
    void write_preservesSetuidSetgidStickyAndOwnership() throws Exception {
        List<TarReader.Header> headers = readBack(List.of(
                TarEntry.dir("/tmp", 01777, 0, 0),
                TarEntry.file("/usr/bin/su", 04755, 0, 0, 0, null),
                TarEntry.file("/usr/bin/wall", 02755, 0, 5, 0, null),
                TarEntry.dir("/home/nonroot", 0700, 65532, 65532),
                TarEntry.file("/big-ids", 0600, 3_000_000, 4_000_000, 0, null)), Compression.ZSTD);
        assertThat(headers).extracting(h -> h.path() + " " + Integer.toOctalString(h.mode()) + " " + h.uid() + ":" + h.gid())
                .containsExactly("/big-ids 600 3000000:4000000", "/home/nonroot 700 65532:65532", "/tmp 1777 0:0",
                        "/usr/bin/su 4755 0:0", "/usr/bin/wall 2755 0:5");
        assertThat(headers.get(0).pax()).isTrue();
    }

    @Test
    void write_linksKeepTargets_andContentMovesToFirstHardLinkName() throws Exception {
        List<TarEntry> entries = List.of(
                TarEntry.file("/usr/bin/z", 0755, Fixtures.bytes("data")),
                TarEntry.hardlink("/usr/bin/a", "/usr/bin/z", 0755, 0, 0),
                TarEntry.hardlink("/usr/bin/m", "/usr/bin/z", 0755, 0, 0),
                TarEntry.symlink("/usr/bin/s", "../lib/x"));
        List<String> dump = new ArrayList<>();
        FileLayer layer = new LayerWriter(tmp, Fixtures.EPOCH, Compression.GZIP).write(entries);
        try (InputStream in = Layers.openUncompressed(layer)) {
            TarReader r = new TarReader(in);
            for (TarReader.Header h; (h = r.next()) != null; ) {
                dump.add(h.path() + " " + h.kind() + " " + (h.linkTarget() == null
                        ? new String(r.content().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) : h.linkTarget()));
            }
        }
        assertThat(dump).containsExactly("/usr/bin/a FILE data", "/usr/bin/m HARDLINK /usr/bin/a",
                "/usr/bin/s SYMLINK ../lib/x", "/usr/bin/z HARDLINK /usr/bin/a");
    }

    @Test
    void write_longAndNonAsciiNames_usePaxOnlyWhenUstarCannotHoldThem() throws Exception {
        String splittable = "/" + "d".repeat(120) + "/" + "f".repeat(90);
        String tooLong = "/" + "x".repeat(200) + "/" + "y".repeat(120);
        String unicode = "/usr/share/zoneinfo/Café";
        String longLink = "/" + "l".repeat(10);
        List<TarReader.Header> headers = readBack(List.of(
                TarEntry.file(splittable, 0644, new byte[0]),
                TarEntry.file(tooLong, 0644, new byte[0]),
                TarEntry.file(unicode, 0644, new byte[0]),
                TarEntry.symlink(longLink, "t".repeat(150))), Compression.NONE);
        assertThat(headers).extracting(h -> h.path() + " pax=" + h.pax()).containsExactly(
                splittable + " pax=false", longLink + " pax=true", unicode + " pax=true", tooLong + " pax=true");
        assertThat(headers.get(1).linkTarget()).isEqualTo("t".repeat(150));
    }

    @Test
    void write_contentShorterThanSize_fails() {
        LayerWriter w = new LayerWriter(tmp, Fixtures.EPOCH, Compression.GZIP);
        assertThatThrownBy(() -> w.write(List.of(TarEntry.file("/f", 0644, 0, 0, 10, ContentSource.ofBytes(new byte[3])))))
                .isInstanceOf(OciException.class).hasMessageContaining("shorter than its size 10");
    }

    @Test
    void write_duplicatePathOrDanglingHardLink_isBadInput() {
        LayerWriter w = new LayerWriter(tmp, Fixtures.EPOCH, Compression.GZIP);
        assertThatThrownBy(() -> w.write(List.of(TarEntry.dir("/a", 0755, 0, 0), TarEntry.dir("/a", 0700, 0, 0))))
                .hasMessageContaining("duplicate path /a");
        assertThatThrownBy(() -> w.write(List.of(TarEntry.hardlink("/a", "/b", 0644, 0, 0))))
                .hasMessageContaining("not a regular file in the layer");
    }

    private List<TarReader.Header> readBack(List<TarEntry> entries, Compression c) throws Exception {
        FileLayer layer = new LayerWriter(tmp, Fixtures.EPOCH, c).write(entries);
        List<TarReader.Header> out = new ArrayList<>();
        try (InputStream in = Layers.openUncompressed(layer)) {
            TarReader r = new TarReader(in);
            for (TarReader.Header h; (h = r.next()) != null; ) {
                out.add(h);
                r.content().transferTo(new ByteArrayOutputStream());
            }
        }
        return out;
    }
}
