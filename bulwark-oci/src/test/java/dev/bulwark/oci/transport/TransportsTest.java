package dev.bulwark.oci.transport;

import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageCopy;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Transports;
import dev.bulwark.oci.transport.WriteResult;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Fixtures;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.oci.validate.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Copies between file transports keep digests; archives are refused as stores. */
class TransportsTest {
    @TempDir
    Path tmp;

    @Test
    void copy_layoutThroughOciArchiveAndBack_keepsTheIndexDigest() throws Exception {
        Path dir = tmp.resolve("layout");
        WriteResult written = new LayoutSink(dir, "v1").write(new ImageWrite(List.of(
                Fixtures.smallImage(tmp.resolve("a"), new Platform("linux", "amd64", null), Compression.GZIP),
                Fixtures.smallImage(tmp.resolve("b"), new Platform("linux", "arm64", "v8"), Compression.ZSTD)),
                Map.of("k", "v")));
        RegistryOptions options = RegistryOptions.defaults();

        ImageCopy.Result toArchive = Transports.copy(ImageReference.parse("oci:" + dir + ":v1"),
                ImageReference.parse("oci-archive:" + tmp.resolve("img.tar") + ":t"), options);
        ImageCopy.Result back = Transports.copy(ImageReference.parse("oci-archive:" + tmp.resolve("img.tar") + ":t"),
                ImageReference.parse("oci:" + tmp.resolve("out")), options);

        assertThat(toArchive.root().digest()).isEqualTo(written.digest());
        assertThat(back.root().digest()).isEqualTo(written.digest());
        Validation.validate(new LayoutSource(tmp.resolve("out"), null));
    }

    @Test
    void copy_layoutToLayoutUntagged_tagsLatestAsBuildDoes() throws Exception {
        Path dir = tmp.resolve("layout");
        WriteResult written = new LayoutSink(dir, "v1").write(ImageWrite.of(
                Fixtures.smallImage(tmp.resolve("a"), new Platform("linux", "amd64", null), Compression.GZIP)));
        ImageCopy.Result r = Transports.copy(ImageReference.parse("oci:" + dir + ":v1"),
                ImageReference.parse("oci:" + tmp.resolve("out")), RegistryOptions.defaults());
        assertThat(r.root().digest()).isEqualTo(written.digest());
        assertThat(r.blobsCopied()).hasSize(3);
        assertThat(new LayoutSource(tmp.resolve("out"), null).root().digest()).isEqualTo(written.digest());
        assertThat(new LayoutSource(tmp.resolve("out"), "latest").root().digest()).isEqualTo(written.digest());
    }

    @Test
    void openStore_onArchive_isBadInput() {
        assertThatThrownBy(() -> Transports.openStore(ImageReference.parse("docker-archive:" + tmp.resolve("x.tar")),
                RegistryOptions.defaults())).isInstanceOfSatisfying(OciException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT));
    }

    @Test
    void ociArchive_withAMemberTwice_isBadInput() throws Exception {
        Path file = tmp.resolve("twice.tar");
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            dev.bulwark.oci.layer.TarWriter tar = new dev.bulwark.oci.layer.TarWriter(out, 0);
            byte[] layout = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            tar.write(dev.bulwark.oci.layer.TarEntry.file("/oci-layout", 0644, layout));
            tar.write(dev.bulwark.oci.layer.TarEntry.file("/oci-layout", 0644, layout));
            tar.finish();
        }
        ImageReference ref = ImageReference.parse("oci-archive:" + file + ":v1");
        assertThatThrownBy(() -> Transports.openSource(ref, RegistryOptions.defaults()))
                .isInstanceOf(OciException.class).hasMessageContaining("appears twice")
                .extracting(e -> ((OciException) e).kind()).isEqualTo(Kind.BAD_INPUT);
    }
}
