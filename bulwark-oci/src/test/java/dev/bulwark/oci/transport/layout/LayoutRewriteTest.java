package dev.bulwark.oci.transport.layout;

import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Fixtures;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.validate.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rewriting a layout: modes, failed writes, replaced referrers, per-platform tags. */
class LayoutRewriteTest {
    static final Platform AMD64 = new Platform("linux", "amd64", null);
    static final Platform ARM64 = new Platform("linux", "arm64", "v8");

    @TempDir
    Path tmp;

    @Test
    void write_filesAreReadableByOthersUnderTheUsualUmask() throws Exception {
        Path dir = tmp.resolve("layout");
        new LayoutSink(dir, "v1").write(ImageWrite.of(Fixtures.smallImage(tmp.resolve("w"), AMD64, Compression.GZIP)));
        // The JVM's umask is the build's (0022 in CI); a 0600 temp file renamed into place would lack OTHERS_READ.
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                assertThat(Files.getPosixFilePermissions(p)).as(p.toString()).contains(PosixFilePermission.OTHERS_READ);
            }
        }
    }

    @Test
    void write_failingMidwayIntoNewDirectory_leavesNothing() throws Exception {
        Image good = Fixtures.smallImage(tmp.resolve("w"), AMD64, Compression.GZIP);
        Path dir = tmp.resolve("out/nested/layout");
        assertThatThrownBy(() -> new LayoutSink(dir, "v1").write(ImageWrite.of(failingLayer(good, 1))))
                .isInstanceOf(OciException.class).hasMessageContaining("disk full");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void write_failingMidwayIntoExistingLayout_keepsItReadable() throws Exception {
        Path dir = tmp.resolve("layout");
        Image one = Fixtures.smallImage(tmp.resolve("w1"), AMD64, Compression.GZIP);
        new LayoutSink(dir, "v1").write(ImageWrite.of(one));
        Image other = Fixtures.smallImage(tmp.resolve("w2"), ARM64, Compression.GZIP);
        assertThatThrownBy(() -> new LayoutSink(dir, "v1").write(ImageWrite.of(failingLayer(other, 0))))
                .isInstanceOf(OciException.class);
        assertThat(new LayoutSource(dir, "v1").image(AMD64).digest()).isEqualTo(one.digest());
        try (Stream<Path> s = Files.list(dir.resolve("blobs/sha256"))) {
            assertThat(s.map(p -> p.getFileName().toString())).allMatch(n -> n.matches("[0-9a-f]{64}"));
        }
    }

    @Test
    void rewrite_sameTagThreeTimes_replacesOldReferrersSoIndexKeepsItsSize() throws Exception {
        Path dir = tmp.resolve("layout");
        LayoutStore store = new LayoutStore(dir);
        List<Integer> sizes = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            ImageWrite write = new ImageWrite(List.of(Fixtures.smallImage(tmp.resolve("a" + run), AMD64, Compression.GZIP),
                    Fixtures.smallImage(tmp.resolve("b" + run), ARM64, Compression.GZIP)), Map.of("run", "" + run));
            var written = new LayoutSink(dir, "latest").write(write);
            // what a build attaches: a signature of the index, an SBOM referrer of one platform's manifest
            attach(store, written.root().digest(), ".sig", "sig" + run);
            attach(store, written.manifests().get(ARM64), "", "sbom" + run);
            sizes.add(entries(dir).size());
        }
        assertThat(sizes).containsExactly(5, 5, 5); // latest, latest-amd64, latest-arm64, its .sig, the SBOM's tag
        assertThat(entries(dir)).extracting(Descriptor::refName).contains("latest", "latest-amd64", "latest-arm64");
    }

    @Test
    void rewrite_keepsReferrersOfAnImageAnotherTagStillNames() throws Exception {
        Path dir = tmp.resolve("layout");
        LayoutStore store = new LayoutStore(dir);
        Image one = Fixtures.smallImage(tmp.resolve("w1"), AMD64, Compression.GZIP);
        new LayoutSink(dir, "stable").write(ImageWrite.of(one));
        new LayoutSink(dir, "latest").write(ImageWrite.of(one));
        attach(store, one.digest(), ".sig", "sig");
        new LayoutSink(dir, "latest").write(ImageWrite.of(Fixtures.smallImage(tmp.resolve("w2"), ARM64, Compression.GZIP)));
        assertThat(entries(dir)).extracting(Descriptor::refName).contains("stable", one.digest().dashed() + ".sig");
    }

    @Test
    void write_twoPlatforms_tagsEachPlatformManifestForSinglePlatformTools() throws Exception {
        Path dir = tmp.resolve("layout");
        Image amd = Fixtures.smallImage(tmp.resolve("a"), AMD64, Compression.GZIP);
        Image arm = Fixtures.smallImage(tmp.resolve("b"), ARM64, Compression.GZIP);
        new LayoutSink(dir, "latest").write(new ImageWrite(List.of(amd, arm), Map.of()));
        LayoutSource perPlatform = new LayoutSource(dir, "latest-arm64");
        assertThat(perPlatform.index()).isEmpty();
        assertThat(perPlatform.image(ARM64).digest()).isEqualTo(arm.digest());
        assertThat(new LayoutSource(dir, "latest-amd64").image(AMD64).digest()).isEqualTo(amd.digest());
        Validation.validate(new LayoutSource(dir, "latest"));
        assertThat(LayoutSink.platformTag("latest", AMD64)).isEqualTo("latest-amd64");
        assertThat(LayoutSink.platformTag("1.2", new Platform("linux", "arm", "v7"))).isEqualTo("1.2-arm-v7");
    }

    /** A manifest in the tag scheme: {@code sha256-<hex>SUFFIX}, pointing at {@code subject}. */
    static void attach(LayoutStore store, dev.bulwark.oci.Digest subject, String suffix, String marker) throws OciException {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_EMPTY + "\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\","
                + "\"size\":2},\"layers\":[],\"annotations\":{\"m\":\"" + marker + "\"},\"subject\":{\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + subject + "\",\"size\":1}}";
        store.putBlob(Descriptor.of(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8)),
                () -> new java.io.ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)));
        store.putManifest(MediaTypes.OCI_MANIFEST, manifest.getBytes(StandardCharsets.UTF_8), subject.dashed() + suffix);
    }

    static List<Descriptor> entries(Path dir) throws Exception {
        return ImageIndex.parse(Files.readAllBytes(dir.resolve("index.json"))).manifests();
    }

    /** The same image, but reading layer {@code n} fails halfway, as a full disk or a dying source would. */
    static Image failingLayer(Image image, int n) {
        List<Layer> layers = new ArrayList<>(image.layers());
        Layer real = layers.get(n);
        layers.set(n, new Layer() {
            @Override
            public Descriptor descriptor() {
                return real.descriptor();
            }

            @Override
            public dev.bulwark.oci.Digest diffId() {
                return real.diffId();
            }

            @Override
            public InputStream open() throws IOException {
                return new FilterInputStream(real.open()) {
                    int read;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (read > 10) {
                            throw new IOException("disk full");
                        }
                        int n = super.read(b, off, Math.min(len, 8));
                        read += Math.max(n, 0);
                        return n;
                    }
                };
            }
        });
        return new Image() {
            @Override
            public Manifest manifest() {
                return image.manifest();
            }

            @Override
            public byte[] rawManifest() {
                return image.rawManifest();
            }

            @Override
            public ImageConfig config() {
                return image.config();
            }

            @Override
            public byte[] rawConfig() {
                return image.rawConfig();
            }

            @Override
            public List<Layer> layers() {
                return layers;
            }
        };
    }
}
