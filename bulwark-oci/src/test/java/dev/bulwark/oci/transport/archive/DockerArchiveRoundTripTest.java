package dev.bulwark.oci.transport.archive;

import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Fixtures;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.TarReader;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.WriteResult;
import dev.bulwark.oci.validate.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerArchiveRoundTripTest {
    static final Platform AMD64 = new Platform("linux", "amd64", null);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void write_thenRead_keepsConfigAndDiffIds(Compression c) throws Exception {
        Image image = Fixtures.smallImage(tmp.resolve("w"), AMD64, c);
        Path file = tmp.resolve("img.tar");
        WriteResult result = new DockerArchiveSink(file, "small:1.0").write(ImageWrite.of(image));

        DockerArchiveSource source = new DockerArchiveSource(file, "small:1.0");
        Validation.validate(source);
        Image back = source.image(AMD64);
        assertThat(back.rawConfig()).isEqualTo(image.rawConfig());
        assertThat(back.layers()).extracting(Layer::diffId).containsExactlyElementsOf(image.config().diffIds());
        assertThat(back.layers()).extracting(l -> l.descriptor().mediaType()).containsOnly(MediaTypes.OCI_LAYER);
        assertThat(result.digest()).isEqualTo(back.digest()).isEqualTo(source.root().digest());
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("w", "img.tar");
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "NONE"})
    void write_ofALayerWhoseTarIsNotItsDiffId_isRefused_andWritesNothing(Compression c) throws Exception {
        dev.bulwark.oci.layer.FileLayer real = new dev.bulwark.oci.layer.LayerWriter(tmp.resolve("w"), Fixtures.EPOCH, c)
                .write(List.of(dev.bulwark.oci.layer.TarEntry.file("/a", 0644, "evil".getBytes())));
        dev.bulwark.oci.Digest lie = dev.bulwark.oci.Digest.of("something else".getBytes());
        Layer lying = dev.bulwark.oci.image.Layers.of(real.descriptor(), lie, () -> Files.newInputStream(real.file()));
        Image image = dev.bulwark.oci.image.Images.assemble(dev.bulwark.oci.image.ImageConfig.forPlatform(AMD64),
                List.of(lying), java.util.Map.of());
        Path file = tmp.resolve("img.tar");
        assertThatThrownBy(() -> new DockerArchiveSink(file, null).write(ImageWrite.of(image)))
                .hasMessageContaining("not the diff_id " + lie).hasMessageContaining("nothing was written");
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).containsExactly("w");
    }

    @Test
    void write_twice_givesIdenticalBytesInDockerSaveLayout() throws Exception {
        Image image = Fixtures.smallImage(tmp.resolve("w"), AMD64, Compression.GZIP);
        new DockerArchiveSink(tmp.resolve("a.tar"), "small:1.0").write(ImageWrite.of(image));
        new DockerArchiveSink(tmp.resolve("b.tar"), "small:1.0").write(ImageWrite.of(image));
        assertThat(Files.readAllBytes(tmp.resolve("a.tar"))).isEqualTo(Files.readAllBytes(tmp.resolve("b.tar")));

        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tmp.resolve("a.tar"))) {
            TarReader r = new TarReader(in);
            for (TarReader.Header h; (h = r.next()) != null; ) {
                names.add(h.path());
            }
        }
        String config = "/" + image.manifest().config().digest().hex() + ".json";
        assertThat(names).containsExactly(config, "/" + image.config().diffIds().get(0).hex() + ".tar",
                "/" + image.config().diffIds().get(1).hex() + ".tar", "/manifest.json");
    }

    @Test
    void layoutToArchiveToLayout_keepsImageIdentity() throws Exception {
        Image image = Fixtures.smallImage(tmp.resolve("w"), AMD64, Compression.ZSTD);
        new LayoutSink(tmp.resolve("l1"), "t").write(ImageWrite.of(image));
        Image fromLayout = new LayoutSource(tmp.resolve("l1"), "t").image(AMD64);
        new DockerArchiveSink(tmp.resolve("x.tar"), null).write(ImageWrite.of(fromLayout));
        Image fromArchive = new DockerArchiveSource(tmp.resolve("x.tar"), null).image(AMD64);
        WriteResult r = new LayoutSink(tmp.resolve("l2"), "t").write(ImageWrite.of(fromArchive));

        LayoutSource l2 = new LayoutSource(tmp.resolve("l2"), "t");
        Validation.validate(l2);
        assertThat(l2.image(AMD64).manifest().config()).isEqualTo(image.manifest().config());
        assertThat(l2.image(AMD64).config().diffIds()).isEqualTo(image.config().diffIds());
        assertThat(l2.image(AMD64).manifest().layers()).extracting(Descriptor::digest)
                .containsExactlyElementsOf(image.config().diffIds());
        assertThat(r.digest()).isEqualTo(fromArchive.digest());
    }

    @Test
    void write_twoPlatforms_isRefused_andUnknownNameIsBadInput() throws Exception {
        Image a = Fixtures.smallImage(tmp.resolve("a"), AMD64, Compression.GZIP);
        Image b = Fixtures.smallImage(tmp.resolve("b"), new Platform("linux", "arm64", "v8"), Compression.GZIP);
        assertThatThrownBy(() -> new DockerArchiveSink(tmp.resolve("x.tar"), null).write(ImageWrite.of(a, b)))
                .hasMessageContaining("it holds one platform, got 2");
        new DockerArchiveSink(tmp.resolve("y.tar"), "app:1").write(ImageWrite.of(a));
        assertThatThrownBy(() -> new DockerArchiveSource(tmp.resolve("y.tar"), "app:2").root())
                .hasMessageContaining("no image tagged app:2 (tags: [app:1])");
    }
}
