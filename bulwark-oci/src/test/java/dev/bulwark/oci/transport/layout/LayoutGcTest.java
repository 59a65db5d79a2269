package dev.bulwark.oci.transport.layout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Sha256;
import dev.bulwark.oci.Fixtures;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.transport.ImageWrite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** gc on layouts whose documents cannot all be read: it refuses and removes nothing. */
class LayoutGcTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private Path dir;
    private Path orphan;

    @BeforeEach
    void layout() throws Exception {
        dir = tmp.resolve("layout");
        new LayoutSink(dir, "latest").write(ImageWrite.of(Fixtures.smallImage(tmp.resolve("w"),
                new Platform("linux", "amd64", null), Compression.GZIP)));
        orphan = writeBlob("not referenced".getBytes());
    }

    @Test
    void gc_ofAnIntactLayout_removesOnlyTheOrphanAndNeverOtherAlgorithms() throws Exception {
        Path sha512 = Files.createDirectories(dir.resolve("blobs/sha512")).resolve("a".repeat(128));
        Files.writeString(sha512, "other algorithm");
        LayoutGc.Result r = LayoutGc.collect(dir, false, Instant.now());
        assertThat(r.removed()).hasSize(1);
        assertThat(orphan).doesNotExist();
        assertThat(sha512).exists();
    }

    @Test
    void gc_refusesWhenAManifestHasASha512Layer_andRemovesNothing() throws Exception {
        ObjectNode manifest = manifest();
        ObjectNode extra = ((ArrayNode) manifest.get("layers")).addObject();
        extra.put("mediaType", "application/vnd.oci.image.layer.v1.tar").put("digest", "sha512:" + "a".repeat(128))
                .put("size", 5);
        replaceManifest(JSON.writeValueAsBytes(manifest));
        List<Path> before = blobs();
        assertThatThrownBy(() -> LayoutGc.collect(dir, false, Instant.now())).isInstanceOf(OciException.class)
                .hasMessageContaining("cannot collect garbage in").hasMessageContaining("nothing was removed")
                .extracting(e -> ((OciException) e).kind()).isEqualTo(Kind.BAD_INPUT);
        assertThat(blobs()).isEqualTo(before);
    }

    @Test
    void gc_refusesWhenAManifestDoesNotMatchItsDigest_andRemovesNothing() throws Exception {
        Path manifestBlob = dir.resolve("blobs/sha256").resolve(entryDigest().substring(7));
        byte[] bytes = Files.readAllBytes(manifestBlob);
        bytes[bytes.length - 2] ^= 1;
        Files.write(manifestBlob, bytes);
        List<Path> before = blobs();
        assertThatThrownBy(() -> LayoutGc.collect(dir, true, Instant.now())).isInstanceOf(OciException.class)
                .extracting(e -> ((OciException) e).kind()).isEqualTo(Kind.ENVIRONMENT);
        assertThatThrownBy(() -> LayoutGc.collect(dir, false, Instant.now())).isInstanceOf(OciException.class);
        assertThat(blobs()).isEqualTo(before);
    }

    @Test
    void gc_refusesWhenAManifestIsOversizeOrNotJson_andRemovesNothing() throws Exception {
        ObjectNode index = (ObjectNode) JSON.readTree(dir.resolve("index.json").toFile());
        ((ObjectNode) index.get("manifests").get(0)).put("size", 64L << 20);
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
        List<Path> before = blobs();
        assertThatThrownBy(() -> LayoutGc.collect(dir, false, Instant.now())).isInstanceOf(OciException.class)
                .extracting(e -> ((OciException) e).kind()).isEqualTo(Kind.BAD_INPUT);
        assertThat(blobs()).isEqualTo(before);

        replaceManifest("{\"layers\": [".getBytes());
        assertThatThrownBy(() -> LayoutGc.collect(dir, false, Instant.now())).isInstanceOf(OciException.class)
                .extracting(e -> ((OciException) e).kind()).isEqualTo(Kind.BAD_INPUT);
        assertThat(orphan).exists();
    }

    private String entryDigest() throws Exception {
        return JSON.readTree(dir.resolve("index.json").toFile()).get("manifests").get(0).get("digest").asText();
    }

    private ObjectNode manifest() throws Exception {
        String digest = entryDigest();
        ObjectNode node = (ObjectNode) JSON.readTree(dir.resolve("blobs/sha256").resolve(digest.substring(7)).toFile());
        if (node.has("manifests")) { // a multi-platform index: edit its single manifest instead
            digest = node.get("manifests").get(0).get("digest").asText();
            node = (ObjectNode) JSON.readTree(dir.resolve("blobs/sha256").resolve(digest.substring(7)).toFile());
        }
        return node;
    }

    /** Writes {@code bytes} as a new blob and points the index.json entry at it (as a manifest). */
    private void replaceManifest(byte[] bytes) throws Exception {
        writeBlob(bytes);
        ObjectNode index = (ObjectNode) JSON.readTree(dir.resolve("index.json").toFile());
        ObjectNode entry = (ObjectNode) index.get("manifests").get(0);
        entry.put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                .put("digest", "sha256:" + Sha256.hex(bytes)).put("size", bytes.length);
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
    }

    private Path writeBlob(byte[] bytes) throws Exception {
        return Files.write(dir.resolve("blobs/sha256").resolve(Sha256.hex(bytes)), bytes);
    }

    private List<Path> blobs() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("blobs/sha256"))) {
            return s.sorted().toList();
        }
    }
}
