package dev.bulwark.scan.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.image.components.Component;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scan target of an image carries its language components, and a warm scan reads them from the cache alone. */
class TargetsComponentsTest {

    @TempDir
    Path tmp;

    private Image image() throws Exception {
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(jar)) {
            zip.putNextEntry(new ZipEntry("META-INF/maven/org.example/lib/pom.properties"));
            zip.write("groupId=org.example\nartifactId=lib\nversion=1.0\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        List<TarEntry> entries = List.of(TarEntry.dir("/etc", 0755, 0, 0), TarEntry.dir("/var", 0755, 0, 0),
                TarEntry.dir("/var/lib", 0755, 0, 0), TarEntry.dir("/var/lib/dpkg", 0755, 0, 0),
                TarEntry.dir("/var/lib/dpkg/status.d", 0755, 0, 0), TarEntry.dir("/app", 0755, 0, 0),
                TarEntry.file("/etc/os-release", 0644, "ID=debian\nVERSION_ID=\"13\"\nVERSION_CODENAME=trixie\n"
                        .getBytes(StandardCharsets.UTF_8)),
                TarEntry.file("/var/lib/dpkg/status.d/libc6", 0644, ("Package: libc6\nStatus: install ok installed\n"
                        + "Version: 2.41-12\nArchitecture: amd64\nSource: glibc\n").getBytes(StandardCharsets.UTF_8)),
                TarEntry.file("/app/lib.jar", 0644, jar.toByteArray()));
        Layer layer = new LayerWriter(tmp, 1_700_000_000L, Compression.GZIP).write(entries);
        return Images.assemble(ImageConfig.forPlatform(Platform.parse("linux/amd64")), List.of(layer), Map.of());
    }

    @Test
    void fromImage_addsTheImagesComponentsAndAWarmScanReadsNoLayerForThem() throws Exception {
        Image image = image();
        Path cache = tmp.resolve("cache");

        ScanTarget cold = Targets.fromImage("app", image, null, null, cache);
        ScanTarget warm = Targets.fromImage("app", unreadable(image), null, null, cache);

        assertThat(cold.languageComponents()).extracting(Component::purl).containsExactly("pkg:maven/org.example/lib@1.0");
        assertThat(warm.components()).isEqualTo(cold.components());
        assertThat(Targets.fromImage("app", image, null, null).components()).isEqualTo(cold.components());
        try (var files = Files.list(cache.resolve("scan-inputs"))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".components.json"));
        }
    }

    /** The same image whose layers fail when opened. */
    private static Image unreadable(Image image) {
        return new Image() {
            public Manifest manifest() {
                return image.manifest();
            }

            public byte[] rawManifest() {
                return image.rawManifest();
            }

            public ImageConfig config() {
                return image.config();
            }

            public byte[] rawConfig() {
                return image.rawConfig();
            }

            public List<Layer> layers() {
                return image.layers().stream().map(l -> (Layer) new Layer() {
                    public dev.bulwark.oci.Descriptor descriptor() {
                        return l.descriptor();
                    }

                    public Digest diffId() {
                        return l.diffId();
                    }

                    public InputStream open() throws IOException {
                        throw new IOException("layer read on a warm scan");
                    }
                }).toList();
            }
        };
    }
}
