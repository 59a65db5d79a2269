package dev.bulwark.oci.layer;

import dev.bulwark.oci.Fixtures;
import dev.bulwark.oci.image.Layers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TarReplayTest {
    @TempDir
    Path tmp;

    /** Entries that exercise every part of the writer: PAX names and links, hard links, empty and padded files. */
    private List<TarEntry> entries(Path sources) throws IOException {
        Files.createDirectories(sources);
        Path big = Files.write(sources.resolve("big"), new byte[70_001]);
        List<TarEntry> out = new ArrayList<>(Fixtures.smallTree("replay"));
        out.add(TarEntry.file("/opt/" + "n".repeat(120) + "/é-file", 0644, Fixtures.bytes("unicode and long\n")));
        out.add(TarEntry.symlink("/opt/link", "t".repeat(150)));
        out.add(TarEntry.file("/opt/empty", 0600, new byte[0]));
        out.add(new TarEntry("/opt/big", TarEntry.Type.FILE, 0644, 0, 0, null, null, 70_001, null,
                ContentSource.ofFile(big)));
        out.add(TarEntry.hardlink("/opt/big-again", "/opt/big", 0644, 0, 0));
        out.add(new TarEntry("/opt/owned", TarEntry.Type.FILE, 0640, 3_000_000, 3_000_001, "u".repeat(40), "gröup", 3,
                null, ContentSource.ofBytes(Fixtures.bytes("ids"))));
        return out;
    }

    @Test
    void replay_isByteForByteTheTarTheDiffIdWasTakenOf() throws Exception {
        Path work = tmp.resolve("work");
        for (Compression c : Compression.values()) {
            FileLayer layer = new LayerWriter(work, Fixtures.EPOCH, c).writeReplayable(entries(work.resolve("src")));
            assertThat(layer.replay()).isNotNull();
            assertThat(sha256(layer.openTarDirectly(), 1)).isEqualTo(layer.diffId().hex());
            assertThat(sha256(layer.openTarDirectly(), 7)).isEqualTo(layer.diffId().hex());   // odd read sizes too
            assertThat(sha256ByteByByte(layer.openTarDirectly())).isEqualTo(layer.diffId().hex());
            try (InputStream in = layer.openTarDirectly()) {
                assertThat(in.read(new byte[4], 0, 0)).isZero();
            }
            try (InputStream decompressed = Layers.decompress(layer.open(), layer.descriptor().mediaType())) {
                assertThat(decompressed.readAllBytes()).isEqualTo(layer.openTarDirectly().readAllBytes());
            }
        }
    }

    @Test
    void replay_goneWithItsDirectory_readersDecompressTheBlobInstead() throws Exception {
        Path work = tmp.resolve("work");
        FileLayer layer = new LayerWriter(work, Fixtures.EPOCH, Compression.GZIP).writeReplayable(Fixtures.smallTree("x"));
        FileLayer kept = layer.at(Files.move(layer.file(), tmp.resolve("blob")));
        try (var walk = Files.walk(work)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(kept.openTarDirectly()).isNull();
        try (InputStream in = Layers.openUncompressed(kept)) {
            assertThat(sha256(in, 4096)).isEqualTo(kept.diffId().hex());
        }
    }

    @Test
    void replay_ofContentThatChangedLength_failsTheRead() throws Exception {
        Path work = tmp.resolve("work");
        Path src = Files.createDirectories(work.resolve("src")).resolve("f");
        Files.write(src, Fixtures.bytes("four"));
        var entry = new TarEntry("/f", TarEntry.Type.FILE, 0644, 0, 0, null, null, 4, null, ContentSource.ofFile(src));
        FileLayer layer = new LayerWriter(work, Fixtures.EPOCH, Compression.NONE).writeReplayable(List.of(entry));
        Files.write(src, Fixtures.bytes("fourteen"));
        assertThatThrownBy(() -> layer.openTarDirectly().readAllBytes()).isInstanceOf(IOException.class)
                .hasMessageContaining("/f").hasMessageContaining("longer");
        Files.write(src, Fixtures.bytes("on"));
        assertThatThrownBy(() -> layer.openTarDirectly().readAllBytes()).isInstanceOf(IOException.class)
                .hasMessageContaining("shorter");
    }

    @Test
    void tarReaderOverTheReplay_seesWhatItSeesInTheBlob_andNeverOpensTheFilesItSkips() throws Exception {
        Path work = tmp.resolve("work");
        List<TarEntry> entries = new ArrayList<>(entries(work.resolve("src")));
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        Path skipped = Files.write(work.resolve("src/skipped"), new byte[100_000]);
        entries.add(new TarEntry("/opt/skipped", TarEntry.Type.FILE, 0644, 0, 0, null, null, 100_000, null, () -> {
            opened.incrementAndGet();
            return Files.newInputStream(skipped);
        }));
        FileLayer layer = new LayerWriter(work, Fixtures.EPOCH, Compression.GZIP).writeReplayable(entries);
        opened.set(0);

        List<String> fromReplay = listing(layer.openTarDirectly());
        assertThat(opened).as("a skipped file's source is not opened").hasValue(0);
        try (InputStream blob = Layers.decompress(layer.open(), layer.descriptor().mediaType())) {
            assertThat(fromReplay).isEqualTo(listing(blob)).anyMatch(l -> l.startsWith("/opt/big 70001 "))
                    .anyMatch(l -> l.startsWith("/opt/skipped 100000"));
        }
        try (InputStream in = layer.openTarDirectly()) {
            assertThat(in.skip(3 * 512 + 10)).isEqualTo(3 * 512 + 10);
            assertThat(in.skip(Long.MAX_VALUE)).as("to the end, no further").isEqualTo(layer.uncompressedSize() - 3 * 512 - 10);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /** Each entry's path and size, plus the first bytes of files under /opt/big (read partly, then skipped). */
    private static List<String> listing(InputStream in) throws Exception {
        List<String> out = new ArrayList<>();
        try (in) {
            TarReader tar = new TarReader(in);
            for (TarReader.Header h = tar.next(); h != null; h = tar.next()) {
                String head = "";
                if (h.path().startsWith("/opt/big") && h.kind() == TarReader.EntryType.FILE) {
                    head = HexFormat.of().formatHex(tar.content().readNBytes(16));
                }
                out.add(h.path() + " " + h.size() + " " + h.kind() + " " + head);
            }
        }
        return out;
    }

    @Test
    void write_withoutReplay_offersNone() throws Exception {
        FileLayer layer = new LayerWriter(tmp, Fixtures.EPOCH, Compression.GZIP).write(Fixtures.smallTree("x"));
        assertThat(layer.openTarDirectly()).isNull();
        FileLayer withReplay = new FileLayer(layer.file(), layer.descriptor(), layer.diffId(), layer.uncompressedSize(),
                new TarReplay(List.of(), 0, tmp));
        assertThat(layer).isEqualTo(withReplay).hasSameHashCodeAs(withReplay);
    }

    private static String sha256ByteByByte(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (in) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                md.update((byte) b);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String sha256(InputStream in, int chunk) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[chunk];
        try (in) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
