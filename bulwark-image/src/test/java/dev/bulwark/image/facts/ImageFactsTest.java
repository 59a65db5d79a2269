package dev.bulwark.image.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.debian.control.ControlParseException;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFactsTest {
    @TempDir
    Path dir;
    private int layers;

    private static TarEntry file(String path, String text) {
        return TarEntry.file(path, 0644, text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<TarEntry> dirs(String... paths) {
        List<TarEntry> out = new ArrayList<>();
        for (String p : paths) {
            out.add(TarEntry.dir(p, 0755, 0, 0));
        }
        return out;
    }

    private Layer layer(List<TarEntry> entries) throws Exception {
        return new LayerWriter(Files.createDirectories(dir.resolve("l" + layers++)), 0, Compression.GZIP).write(entries);
    }

    private Image image(String platform, Layer... layers) throws Exception {
        return Images.assemble(ImageConfig.forPlatform(Platform.parse(platform)), List.of(layers), Map.of());
    }

    private static String entry(String name, String arch) {
        return "Package: " + name + "\nVersion: 1.0-1\nArchitecture: " + arch + "\nSource: " + name + "-src\n";
    }

    @Test
    void read_distrolessStatusD_withWhiteoutInUpperLayer_andOsRelease() throws Exception {
        List<TarEntry> base = dirs("/etc", "/var", "/var/lib", "/var/lib/dpkg", "/var/lib/dpkg/status.d");
        base.add(file("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nID=debian\nVERSION_ID=\"13\"\n"
                + "VERSION_CODENAME=trixie\n"));
        base.add(file("/var/lib/dpkg/status.d/libfoo1", entry("libfoo1", "arm64")));
        base.add(file("/var/lib/dpkg/status.d/gone", entry("gone", "arm64")));
        List<TarEntry> upper = dirs("/var/lib/dpkg/status.d");
        upper.add(file("/var/lib/dpkg/status.d/.wh.gone", ""));

        ImageFacts facts = ImageFacts.read(image("linux/arm64/v8", layer(base), layer(upper)));

        assertThat(facts.packages()).extracting(InstalledPackage::name).containsExactly("libfoo1");
        assertThat(facts.platform()).hasToString("linux/arm64/v8");
        assertThat(facts.osName()).isEqualTo("Debian GNU/Linux 13 (trixie)");
        assertThat(facts.codename()).contains("trixie");
        assertThat(facts.debianMajor()).isEqualTo(OptionalInt.of(13));
        assertThat(facts.entries()).extracting(e -> e.path()).contains("/var/lib/dpkg/status.d/libfoo1")
                .doesNotContain("/var/lib/dpkg/status.d/gone");
    }

    @Test
    void read_classicStatus_andOsReleaseThroughItsUsrLibSymlink() throws Exception {
        List<TarEntry> base = dirs("/etc", "/usr", "/usr/lib", "/var", "/var/lib", "/var/lib/dpkg");
        base.add(file("/usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\n"));
        base.add(TarEntry.symlink("/etc/os-release", "../usr/lib/os-release"));
        base.add(file("/var/lib/dpkg/status", entry("a", "amd64") + "Status: install ok installed\n\n"
                + entry("b", "amd64") + "Status: install ok installed\n"));

        ImageFacts facts = ImageFacts.read(image("linux/amd64", layer(base)));

        assertThat(facts.packages()).extracting(InstalledPackage::name).containsExactly("a", "b");
        assertThat(facts.hasOsRelease()).isTrue();
        assertThat(facts.codename()).contains("bookworm");
        assertThat(facts.debianMajor()).isEqualTo(OptionalInt.of(12));
    }

    @Test
    void read_alsoRead_keepsTheCallersFilesFromTheSamePass() throws Exception {
        List<TarEntry> base = dirs("/usr", "/usr/share", "/usr/share/doc", "/usr/share/doc/a");
        base.add(file("/usr/share/doc/a/copyright", "License: MIT\n"));
        base.add(file("/usr/share/doc/a/README", "not asked for"));

        ImageFacts facts = ImageFacts.read(image("linux/amd64", layer(base)), p -> p.endsWith("/copyright"));

        assertThat(facts.text("/usr/share/doc/a/copyright")).contains("License: MIT\n");
        assertThat(facts.text("/usr/share/doc/a/README")).isEmpty();
        assertThat(facts.entries()).extracting(e -> e.path()).contains("/usr/share/doc/a/README");
    }

    @Test
    void codename_fromSidPrettyName_andMajorFromTheReleaseTable() throws Exception {
        ImageFacts facts = ImageFacts.of(null, Map.of("/etc/os-release",
                "PRETTY_NAME=\"Debian GNU/Linux forky/sid\"\nID=debian\n".getBytes(StandardCharsets.UTF_8)), List.of());

        assertThat(facts.codename()).contains("forky");
        assertThat(facts.debianMajor()).isEqualTo(OptionalInt.of(14));
    }

    @Test
    void noOsRelease_hasNoNameNoCodenameNoMajor() throws Exception {
        ImageFacts facts = ImageFacts.of(null, Map.of(), List.of());

        assertThat(facts.hasOsRelease()).isFalse();
        assertThat(facts.osName()).isNull();
        assertThat(facts.codename()).isEmpty();
        assertThat(facts.debianMajor()).isEmpty();
        assertThat(facts.packages()).isEmpty();
    }

    @Test
    void read_malformedDatabaseEntry_failsAsAParseError() throws Exception {
        List<TarEntry> base = dirs("/var", "/var/lib", "/var/lib/dpkg", "/var/lib/dpkg/status.d");
        base.add(file("/var/lib/dpkg/status.d/bad", "Version: 1\nArchitecture: amd64\n"));
        Image image = image("linux/amd64", layer(base));

        assertThatThrownBy(() -> ImageFacts.read(image)).isInstanceOf(ControlParseException.class);
    }
}
