package dev.bulwark.oci.transport.layout;

import dev.bulwark.core.Sha256;
import dev.bulwark.oci.Fixtures;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.transport.ImageCopy;
import dev.bulwark.oci.transport.ImageWrite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Writing into a layout that already holds a blob of the same digest and size but other bytes. */
class LayoutReuseTest {
    @TempDir
    Path tmp;
    private Image image;
    private Path src;

    @BeforeEach
    void source() throws Exception {
        image = Fixtures.smallImage(tmp.resolve("w"), new Platform("linux", "amd64", null), Compression.GZIP);
        src = tmp.resolve("img");
        new LayoutSink(src, "latest").write(ImageWrite.of(image));
    }

    @Test
    void copy_intoLayoutWhoseLayerWasTamperedAtTheSameSize_sendsItAgainAndEndsCorrect() throws Exception {
        Path dst = tmp.resolve("dst");
        ImageCopy.copy(new LayoutStore(src), "latest", new LayoutStore(dst), "latest");
        Path layer = flipAByteOfTheLayer(dst);

        ImageCopy.Result r = ImageCopy.copy(new LayoutStore(src), "latest", new LayoutStore(dst), "v2");

        assertThat(r.blobsCopied()).extracting(d -> d.digest().hex()).contains(layer.getFileName().toString());
        assertEveryBlobMatchesItsName(dst);
        assertThat(new LayoutSource(dst, "v2").image(image.platform()).digest()).isEqualTo(image.digest());
    }

    @Test
    void copy_ofATamperedSourceIntoANewLayout_failsAndLeavesNoHalfLayout() throws Exception {
        flipAByteOfTheLayer(src);
        Path nested = tmp.resolve("new");
        assertThatThrownBy(() -> ImageCopy.copy(new LayoutStore(src), "latest",
                new LayoutStore(nested.resolve("dst")), "latest"))
                .isInstanceOf(OciException.class).hasMessageContaining("mismatch");
        assertThat(nested).doesNotExist();

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> ImageCopy.copy(new LayoutStore(src), "latest", new LayoutStore(empty), "latest"))
                .isInstanceOf(OciException.class);
        assertThat(empty).isEmptyDirectory();
    }

    @Test
    void write_intoReusedLayoutWhoseLayerWasTamperedAtTheSameSize_rewritesIt() throws Exception {
        flipAByteOfTheLayer(src);

        new LayoutSink(src, "v2").write(ImageWrite.of(image));

        assertEveryBlobMatchesItsName(src);
    }

    @Test
    void write_ofFileLayersIntoALayoutHoldingTheirBytes_leavesEveryBlobInPlace() throws Exception {
        Path blob = LayoutFiles.blob(src, image.layers().get(0).descriptor().digest());
        Object before = Files.readAttributes(blob, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        new LayoutSink(src, "v2").write(ImageWrite.of(image));

        assertThat(Files.readAttributes(blob, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isEqualTo(before);
        assertEveryBlobMatchesItsName(src);
    }

    @Test
    void write_ofAFileLayerTamperedAfterItWasProven_keepsTheLayoutsGenuineBlob() throws Exception {
        var layer = (dev.bulwark.oci.layer.FileLayer) image.layers().get(0);
        byte[] bytes = Files.readAllBytes(layer.file());
        bytes[bytes.length / 2] ^= 1;
        Files.write(layer.file(), bytes);

        new LayoutSink(src, "v2").write(ImageWrite.of(image));

        assertEveryBlobMatchesItsName(src);
        assertThat(new LayoutSource(src, "v2").image(image.platform()).digest()).isEqualTo(image.digest());
    }

    @Test
    void write_ofATamperedFileLayerIntoANewLayout_fails() throws Exception {
        var layer = (dev.bulwark.oci.layer.FileLayer) image.layers().get(0);
        byte[] bytes = Files.readAllBytes(layer.file());
        bytes[bytes.length / 2] ^= 1;
        Files.write(layer.file(), bytes);

        assertThatThrownBy(() -> new LayoutSink(tmp.resolve("fresh"), "latest").write(ImageWrite.of(image)))
                .hasMessageContaining("digest");
    }

    /** Flips one byte in the middle of the image's layer: same name, same size, other content. */
    private Path flipAByteOfTheLayer(Path layout) throws Exception {
        Path layer = LayoutFiles.blob(layout, image.layers().get(0).descriptor().digest());
        byte[] bytes = Files.readAllBytes(layer);
        bytes[bytes.length / 2] ^= 1;
        Files.write(layer, bytes);
        return layer;
    }

    private static void assertEveryBlobMatchesItsName(Path layout) throws Exception {
        try (Stream<Path> s = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path p : s.toList()) {
                assertThat(Sha256.hex(p)).as(p.toString()).isEqualTo(p.getFileName().toString());
            }
        }
    }
}
