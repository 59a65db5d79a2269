package dev.bulwark.oci.mutate;

import dev.bulwark.oci.ExternalTool;
import dev.bulwark.oci.Fixtures;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.layout.LayoutSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static dev.bulwark.oci.ExternalTool.run;
import static org.assertj.core.api.Assertions.assertThat;

/** A mutated image is one the reference tools accept: umoci unpacks base and added files, skopeo reads its config. */
class MutateIT {
    @TempDir
    Path tmp;

    @Test
    void appendedImage_unpacksWithUmociAndInspectsWithSkopeo() throws Exception {
        ExternalTool.require("umoci");
        ExternalTool.require("skopeo");
        Image base = Fixtures.smallImage(tmp.resolve("w"), new Platform("linux", "amd64", null), Compression.GZIP);
        var extra = new LayerWriter(tmp.resolve("w"), Fixtures.EPOCH, Compression.GZIP).write(List.of(
                TarEntry.dir("/etc", 0755, 0, 0), TarEntry.file("/etc/app.conf", 0644, Fixtures.bytes("on\n"))));
        Image out = Mutate.config(Mutate.append(base, List.of(new Mutate.Addition(extra,
                        new ImageConfig.History(Instant.ofEpochSecond(Fixtures.EPOCH), "copy", null, false)))),
                RuntimeConfig.of(base.config()).withCmd(List.of("--serve")));
        Path dir = tmp.resolve("layout");
        new LayoutSink(dir, "custom").write(ImageWrite.of(out));

        Path bundle = tmp.resolve("bundle");
        run("umoci", "unpack", "--image", dir + ":custom", bundle.toString());
        assertThat(Files.readString(bundle.resolve("rootfs/etc/app.conf"))).isEqualTo("on\n");
        assertThat(Files.readString(bundle.resolve("rootfs/etc/motd"))).isEqualTo("bulwark linux/amd64\n");
        String inspected = run("skopeo", "inspect", "--config", "oci:" + dir + ":custom");
        assertThat(inspected).contains("--serve").contains(extra.diffId().toString());
    }
}
