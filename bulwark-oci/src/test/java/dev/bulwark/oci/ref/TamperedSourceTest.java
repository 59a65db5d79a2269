package dev.bulwark.oci.ref;

import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Transports;
import dev.bulwark.oci.transport.ImageSource;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.BlobMismatchException;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.Fixtures;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageFiles;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.oci.layer.TarWriter;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.oci.transport.layout.LayoutStore;
import dev.bulwark.oci.rootfs.RootfsUnpacker;
import dev.bulwark.testkit.Tamper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every source refuses bytes that do not match the descriptor naming them — layers, configs, manifests and
 * indexes replaced in place, sizes that lie either way — with ENVIRONMENT and a message naming blob and reference,
 * on every file transport. The registry transport is covered by {@code TamperedRegistryIT} in bulwark-cli.
 */
class TamperedSourceTest {
    static final Platform AMD64 = new Platform("linux", "amd64", null);
    static final Platform ARM64 = new Platform("linux", "arm64", "v8");

    @TempDir
    Path tmp;
    Image amd64;
    Image arm64;

    @BeforeEach
    void images() throws Exception {
        amd64 = Fixtures.smallImage(tmp.resolve("w1"), AMD64, Compression.GZIP);
        arm64 = Fixtures.smallImage(tmp.resolve("w2"), ARM64, Compression.GZIP);
    }

    private Path layout(Image... images) throws Exception {
        Path dir = tmp.resolve("layout");
        new LayoutSink(dir, "v1").write(new ImageWrite(List.of(images), Map.of()));
        return dir;
    }

    private static Path blob(Path layout, Descriptor d) {
        return layout.resolve("blobs/sha256/" + d.digest().hex());
    }

    private static byte[] layerBytes(Image image, int i) throws Exception {
        try (InputStream in = image.layers().get(i).open()) {
            return in.readAllBytes();
        }
    }

    /** Reads everything a scan or inspect reads: the image, then every layer through to its end. */
    private static void readAll(ImageSource source, Platform p) throws OciException {
        ImageFiles.list(source.image(p));
    }

    private static void assertRefused(ThrowingRead read, Descriptor blob, String reference, String mismatch) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(OciException.class, e -> {
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.ENVIRONMENT);
            assertThat(e.getMessage()).contains("cannot read blob " + blob.digest() + " of " + reference)
                    .contains(mismatch);
        });
    }

    interface ThrowingRead {
        void run() throws Exception;
    }

    @Test
    void layout_layerReplacedInPlace_isRefusedWhenRead() throws Exception {
        Path dir = layout(amd64);
        Descriptor layer = amd64.manifest().layers().get(1);
        Tamper.flipInside(blob(dir, layer), layerBytes(amd64, 1));
        assertRefused(() -> readAll(new LayoutSource(dir, "v1"), AMD64), layer, "oci:" + dir + ":v1", "mismatch");
    }

    @Test
    void layout_configReplacedInPlace_isRefusedBeforeParsing() throws Exception {
        Path dir = layout(amd64);
        Tamper.replaceInside(blob(dir, amd64.manifest().config()), "LANG=C.UTF-8", "LANG=C.UTF-9");
        assertRefused(() -> new LayoutSource(dir, "v1").image(AMD64), amd64.manifest().config(), "oci:" + dir + ":v1",
                "digest mismatch (got sha256:");
    }

    @Test
    void layout_manifestReplacedInPlace_isRefusedBeforeParsing() throws Exception {
        Path dir = layout(amd64);
        Descriptor manifest = Descriptor.of(amd64.manifest().mediaType(), amd64.rawManifest());
        Tamper.replaceInside(blob(dir, manifest), "\"small\"", "\"smalL\"");
        assertRefused(() -> new LayoutSource(dir, "v1").image(AMD64), manifest, "oci:" + dir + ":v1", "digest mismatch");
        assertRefused(() -> new LayoutStore(dir).manifest(manifest), manifest, "oci:" + dir, "digest mismatch");
        assertRefused(() -> ImageChain.check(new LayoutStore(dir), manifest), manifest, "oci:" + dir, "digest mismatch");
    }

    @Test
    void layout_indexReplacedInPlace_isRefusedBeforeParsing() throws Exception {
        Path dir = layout(amd64, arm64);
        Descriptor root = new LayoutSource(dir, "v1").root();
        byte[] index = Files.readAllBytes(blob(dir, root));
        String text = new String(index, StandardCharsets.UTF_8);
        Tamper.replaceInside(blob(dir, root), "\"amd64\"", "\"AMD64\"");
        assertThat(text).contains("\"amd64\"");
        assertRefused(() -> new LayoutSource(dir, "v1").platforms(), root, "oci:" + dir + ":v1", "digest mismatch");
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 1, 1_000_000})
    void layout_rootSizeLie_isRefused(long delta) throws Exception {
        Path dir = layout(amd64, arm64);
        Descriptor root = new LayoutSource(dir, "v1").root();
        Path indexJson = dir.resolve("index.json");
        String text = Files.readString(indexJson);
        assertThat(text).contains("\"size\":" + root.size());
        // index.json names the root; it holds no digest of itself, so editing it is how a size lie gets in.
        Files.writeString(indexJson, text.replace("\"size\":" + root.size(), "\"size\":" + (root.size() + delta)));
        assertRefused(() -> new LayoutSource(dir, "v1").platforms(), root, "oci:" + dir + ":v1", "size mismatch");
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 1})
    void layout_layerSizeLie_isRefusedWithoutReadingPastTheLie(long delta) throws Exception {
        Path dir = layout(amd64);
        Descriptor lying = relistLayer(dir, 1, delta);
        assertRefused(() -> readAll(new LayoutSource(dir, "v1"), AMD64), lying, "oci:" + dir + ":v1", "size mismatch");
    }

    /** Rewrites the manifest (consistently re-digested and re-tagged) so layer {@code i}'s size is off by delta. */
    private Descriptor relistLayer(Path dir, int i, long delta) throws Exception {
        Manifest m = amd64.manifest();
        List<Descriptor> layers = new ArrayList<>(m.layers());
        Descriptor d = layers.get(i);
        Descriptor lying = new Descriptor(d.mediaType(), d.digest(), d.size() + delta);
        layers.set(i, lying);
        Manifest changed = new Manifest(m.mediaType(), m.config(), layers, m.annotations(), null, null);
        new LayoutStore(dir).putManifest(m.mediaType(), changed.toJson(), "v1");
        return lying;
    }

    @Test
    void layerStream_closedEarly_stillFailsItsCheck_andAGenuineOneDoesNot() throws Exception {
        Path dir = layout(amd64);
        Descriptor layer = amd64.manifest().layers().get(1);
        Image genuine = new LayoutSource(dir, "v1").image(AMD64);
        assertThatCode(() -> {
            try (InputStream in = genuine.layers().get(1).open()) {
                in.readNBytes(10);
            }
        }).doesNotThrowAnyException();
        Tamper.flipInside(blob(dir, layer), layerBytes(amd64, 1));
        Image tampered = new LayoutSource(dir, "v1").image(AMD64);
        assertThatThrownBy(() -> {
            try (InputStream in = tampered.layers().get(1).open()) {
                in.readNBytes(10);
            }
        }).isInstanceOf(BlobMismatchException.class).hasMessageContaining("cannot read blob " + layer.digest());
    }

    @Test
    void unpack_layerReplacedInPlace_failsAndRemovesTheRootfs() throws Exception {
        Path dir = layout(amd64);
        Descriptor layer = amd64.manifest().layers().get(1);
        Tamper.flipInside(blob(dir, layer), layerBytes(amd64, 1));
        Path rootfs = tmp.resolve("run/rootfs");
        Image image = new LayoutSource(dir, "v1").image(AMD64);
        assertRefused(() -> new RootfsUnpacker(rootfs, false).unpack(image), layer, "oci:" + dir + ":v1", "mismatch");
        assertThat(rootfs).doesNotExist();
    }

    @Test
    void ociArchive_layerAndConfigReplacedInPlace_areRefused() throws Exception {
        Path file = tmp.resolve("img.tar");
        ImageReference ref = ImageReference.parse("oci-archive:" + file + ":v1");
        Transports.openSink(ref, RegistryOptions.defaults()).write(ImageWrite.of(amd64));
        Tamper.flipInside(file, layerBytes(amd64, 1));
        assertRefused(() -> readAll(Transports.openSource(ref, RegistryOptions.defaults()), AMD64),
                amd64.manifest().layers().get(1), ref.toString(), "mismatch");
        Transports.openSink(ref, RegistryOptions.defaults()).write(ImageWrite.of(amd64));
        Tamper.replaceInside(file, "LANG=C.UTF-8", "LANG=C.UTF-9");
        assertRefused(() -> Transports.openSource(ref, RegistryOptions.defaults()).image(AMD64),
                amd64.manifest().config(), ref.toString(), "digest mismatch");
    }

    @Test
    void ociArchive_manifestReplacedInPlace_isRefused() throws Exception {
        Path file = tmp.resolve("img.tar");
        ImageReference ref = ImageReference.parse("oci-archive:" + file + ":v1");
        Transports.openSink(ref, RegistryOptions.defaults()).write(ImageWrite.of(amd64));
        Tamper.replaceInside(file, "\"small\"", "\"smalL\"");
        assertRefused(() -> Transports.openSource(ref, RegistryOptions.defaults()).image(AMD64),
                Descriptor.of(amd64.manifest().mediaType(), amd64.rawManifest()), ref.toString(), "digest mismatch");
    }

    @Test
    void dockerArchive_layerReplacedInPlace_isRefusedAgainstItsDiffId() throws Exception {
        Path file = tmp.resolve("docker.tar");
        ImageReference ref = ImageReference.parse("docker-archive:" + file + ":app:1");
        Transports.openSink(ref, RegistryOptions.defaults()).write(ImageWrite.of(amd64));
        Image stored = Transports.openSource(ref, RegistryOptions.defaults()).image(AMD64);
        byte[] tar;
        try (InputStream in = stored.layers().get(1).open()) {
            tar = in.readAllBytes();
        }
        Tamper.flipInside(file, tar);
        assertRefused(() -> readAll(Transports.openSource(ref, RegistryOptions.defaults()), AMD64),
                stored.layers().get(1).descriptor(), ref.toString(), "digest mismatch");
    }

    @Test
    void dockerArchive_configNamedByDigest_replacedInPlace_isRefused() throws Exception {
        Path file = tmp.resolve("docker.tar");
        ImageReference ref = ImageReference.parse("docker-archive:" + file + ":app:1");
        Transports.openSink(ref, RegistryOptions.defaults()).write(ImageWrite.of(amd64));
        Image stored = Transports.openSource(ref, RegistryOptions.defaults()).image(AMD64);
        Tamper.replaceInside(file, "LANG=C.UTF-8", "LANG=C.UTF-9");
        assertRefused(() -> Transports.openSource(ref, RegistryOptions.defaults()).image(AMD64),
                stored.manifest().config(), ref.toString(), "digest mismatch");
    }

    /** A docker save tar written by hand: one gzip layer under {@code member}, a config listing {@code diffId}. */
    private Path dockerArchive(String member, byte[] gzipLayer, Digest diffId) throws Exception {
        byte[] config = dev.bulwark.oci.image.ImageConfig.forPlatform(AMD64).withDiffIds(List.of(diffId)).toJson();
        String configName = Digest.of(config).hex() + ".json";
        String manifest = "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"app:1\"],\"Layers\":[\"" + member
                + "\"]}]";
        Path file = tmp.resolve("hand.tar");
        try (var out = Files.newOutputStream(file)) {
            TarWriter tar = new TarWriter(out, 0);
            tar.write(TarEntry.file("/" + configName, 0644, config));
            tar.write(TarEntry.file("/" + member, 0644, gzipLayer));
            tar.write(TarEntry.file("/manifest.json", 0644, manifest.getBytes(StandardCharsets.UTF_8)));
            tar.finish();
        }
        return file;
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        var buf = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(buf)) {
            gz.write(bytes);
        }
        return buf.toByteArray();
    }

    @Test
    void dockerArchive_gzipLayer_isCheckedAgainstItsDiffId() throws Exception {
        Image plain = Fixtures.smallImage(tmp.resolve("w3"), AMD64, Compression.NONE);
        byte[] tar = layerBytes(plain, 1);
        byte[] other = layerBytes(plain, 0);
        Path good = dockerArchive("0123/layer.tar", gzip(tar), Digest.of(tar));
        Image read = new dev.bulwark.oci.transport.archive.DockerArchiveSource(good, null).image(AMD64);
        assertThat(read.layers().get(0).descriptor().mediaType()).isEqualTo(dev.bulwark.oci.MediaTypes.OCI_LAYER_GZIP);
        assertThatCode(() -> ImageFiles.list(read)).doesNotThrowAnyException();

        Path lying = dockerArchive("0123/layer.tar", gzip(other), Digest.of(tar));
        assertRefused(() -> new dev.bulwark.oci.transport.archive.DockerArchiveSource(lying, null).image(AMD64),
                new Descriptor("x", Digest.of(tar), 1), "docker-archive:" + lying, "digest mismatch");
    }

    @Test
    void dockerArchive_layerNamedByAnotherDigest_isRefused() throws Exception {
        Image plain = Fixtures.smallImage(tmp.resolve("w3"), AMD64, Compression.NONE);
        byte[] tar = layerBytes(plain, 1);
        byte[] gz = gzip(tar);
        Digest claimed = Digest.of(tar); // the name claims the uncompressed digest, the member is gzip
        Path file = dockerArchive("blobs/sha256/" + claimed.hex(), gz, Digest.of(tar));
        assertRefused(() -> new dev.bulwark.oci.transport.archive.DockerArchiveSource(file, null).image(AMD64),
                new Descriptor("x", claimed, 1), "docker-archive:" + file, "digest mismatch");
        Path named = dockerArchive("blobs/sha256/" + Digest.of(gz).hex(), gz, Digest.of(tar));
        assertThatCode(() -> ImageFiles.list(new dev.bulwark.oci.transport.archive.DockerArchiveSource(named, null).image(AMD64)))
                .doesNotThrowAnyException();
    }

    @Test
    void genuineImages_readOnEveryFileTransport() throws Exception {
        Path dir = layout(amd64, arm64);
        readAll(new LayoutSource(dir, "v1"), ARM64);
        ImageChain.Checked checked = ImageChain.check(new LayoutStore(dir), new LayoutSource(dir, "v1").root());
        assertThat(checked.documents()).isEqualTo(3);
        assertThat(checked.blobs()).isEqualTo(5); // two configs, two base layers, one app layer both share
    }

    /** Stores {@code json} as a blob of {@code dir} and returns a descriptor for it. */
    private static Descriptor store(Path dir, String mediaType, byte[] json) throws Exception {
        Descriptor d = Descriptor.of(mediaType, json);
        Files.write(blob(dir, d), json);
        return d;
    }

    @Test
    void imageChain_secondDescriptorOfALayerWithAnotherSize_isRefused() throws Exception {
        Path dir = layout(amd64);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(amd64.rawManifest());
        var layers = (com.fasterxml.jackson.databind.node.ArrayNode) manifest.get("layers");
        var lying = layers.get(0).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) lying).put("size", layers.get(0).get("size").asLong() + 1);
        layers.add(lying);
        Descriptor d = store(dir, amd64.manifest().mediaType(), mapper.writeValueAsBytes(manifest));
        assertThatThrownBy(() -> ImageChain.check(new LayoutStore(dir), d)).isInstanceOf(OciException.class)
                .extracting(e -> ((OciException) e).kind()).isEqualTo(Kind.ENVIRONMENT);
    }

    @Test
    void layoutResolveByDigest_indexWithoutMediaType_isAnIndex() throws Exception {
        Path dir = layout(amd64);
        Descriptor manifest = Descriptor.of(amd64.manifest().mediaType(), amd64.rawManifest());
        String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + manifest.mediaType()
                + "\",\"digest\":\"" + manifest.digest() + "\",\"size\":" + manifest.size() + "}]}";
        Descriptor d = store(dir, "application/vnd.oci.image.index.v1+json", index.getBytes(StandardCharsets.UTF_8));
        assertThat(new LayoutStore(dir).resolve(d.digest().toString()).orElseThrow().mediaType())
                .isEqualTo("application/vnd.oci.image.index.v1+json");
        assertThat(new LayoutStore(dir).resolve(manifest.digest().toString()).orElseThrow().mediaType())
                .isEqualTo(manifest.mediaType());
    }
}
