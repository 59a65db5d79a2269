package dev.bulwark.oci.transport.layout;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Fixtures;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.transport.ImageWrite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A hostile layout's blobs and index.json may be links or FIFOs: refused before they are opened. */
@Timeout(20)
class LayoutHostileFilesTest {
    @TempDir
    Path tmp;
    private Path dir;
    private Image image;

    @BeforeEach
    void layout() throws Exception {
        image = Fixtures.smallImage(tmp.resolve("w"), new Platform("linux", "amd64", null), Compression.GZIP);
        dir = tmp.resolve("layout");
        new LayoutSink(dir, "latest").write(ImageWrite.of(image));
    }

    @Test
    void layerThatIsASymlinkToAHostFile_isRefusedWithoutReadingIt() throws Exception {
        Path host = Files.writeString(tmp.resolve("host-secret"), "secret");
        Descriptor layer = image.layers().get(0).descriptor();
        Path blob = LayoutFiles.blob(dir, layer.digest());
        Files.delete(blob);
        Files.createSymbolicLink(blob, Path.of("/etc/hostname").toFile().exists() ? Path.of("/etc/hostname") : host);

        assertThatThrownBy(() -> new LayoutStore(dir).blob(layer).close()).isInstanceOf(OciException.class)
                .hasMessageContaining("symbolic link").extracting(e -> ((OciException) e).kind())
                .isEqualTo(Kind.ENVIRONMENT);
        assertThat(new LayoutStore(dir).hasBlob(layer)).isFalse();
    }

    @Test
    void manifestThatIsAFifo_failsAtOnceInsteadOfHanging() throws Exception {
        Descriptor root = new LayoutStore(dir).resolve("latest").orElseThrow();
        Path blob = LayoutFiles.blob(dir, root.digest());
        Files.delete(blob);
        assertThat(new ProcessBuilder("mkfifo", blob.toString()).start().waitFor()).isZero();

        assertThatThrownBy(() -> new LayoutSource(dir, "latest").image(image.platform()))
                .isInstanceOf(OciException.class).hasMessageContaining("special file")
                .extracting(e -> ((OciException) e).kind()).isEqualTo(Kind.ENVIRONMENT);
        assertThatThrownBy(() -> new LayoutStore(dir).manifest(root)).isInstanceOf(OciException.class);
    }

    @Test
    void indexThatIsASymlinkOrAFifo_isRefused() throws Exception {
        Path real = Files.move(dir.resolve("index.json"), tmp.resolve("index.json"));
        Files.createSymbolicLink(dir.resolve("index.json"), real);
        assertThatThrownBy(() -> new LayoutStore(dir).resolve("latest")).isInstanceOf(OciException.class)
                .hasMessageContaining("symbolic link");

        Files.delete(dir.resolve("index.json"));
        assertThat(new ProcessBuilder("mkfifo", dir.resolve("index.json").toString()).start().waitFor()).isZero();
        assertThatThrownBy(() -> new LayoutStore(dir).resolve("latest")).isInstanceOf(OciException.class)
                .extracting(e -> ((OciException) e).kind()).isEqualTo(Kind.ENVIRONMENT);
    }
}
