package dev.bulwark.oci;

import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.ImageWrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static dev.bulwark.oci.ExternalTool.run;
import static org.assertj.core.api.Assertions.assertThat;

/** umoci (the OCI reference unpacker) unpacks a Bulwark layout into the filesystem the entries describe. */
class UmociIT {
    static final Platform AMD64 = new Platform("linux", "amd64", null);

    @TempDir
    Path tmp;

    @Test
    void unpack_buildsTheDescribedRootfs() throws Exception {
        ExternalTool.require("umoci");
        Image image = Fixtures.smallImage(tmp.resolve("w"), AMD64, Compression.GZIP);
        Path dir = tmp.resolve("layout");
        new LayoutSink(dir, "v1").write(ImageWrite.of(image));
        Path bundle = tmp.resolve("bundle");

        run("umoci", "unpack", "--image", dir + ":v1", bundle.toString());

        Path root = bundle.resolve("rootfs");
        assertThat(Files.readString(root.resolve("etc/motd"))).isEqualTo("bulwark linux/amd64\n");
        assertThat(mode(root.resolve("usr/bin/hello"))).isEqualTo(04755);
        assertThat(mode(root.resolve("tmp"))).isEqualTo(01777);
        assertThat(mode(root.resolve("home/nonroot"))).isEqualTo(0700);
        assertThat(Files.getAttribute(root.resolve("home/nonroot"), "unix:uid")).isEqualTo(65532);
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/hi"))).hasToString("hello");
        assertThat(Files.getAttribute(root.resolve("usr/bin/hello2"), "unix:ino"))
                .isEqualTo(Files.getAttribute(root.resolve("usr/bin/hello"), "unix:ino"));
        assertThat(Files.getLastModifiedTime(root.resolve("etc/motd")).toMillis() / 1000).isEqualTo(Fixtures.EPOCH);
        assertThat(Files.readString(root.resolve("app/run"))).startsWith("#!");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("app/run"),
                LinkOption.NOFOLLOW_LINKS))).isEqualTo("rwxr-xr-x");
        assertThat(Files.readString(bundle.resolve("config.json"))).contains("/usr/bin/hello");
    }

    private static int mode(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }
}
