package dev.bulwark.oci.image;

import dev.bulwark.oci.Fixtures;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImageFilesTest {

    @TempDir
    Path tmp;

    private Image image(List<List<TarEntry>> layers) throws Exception {
        LayerWriter writer = new LayerWriter(tmp, Fixtures.EPOCH, Compression.GZIP);
        List<Layer> written = new ArrayList<>();
        for (List<TarEntry> l : layers) {
            written.add(writer.write(l));
        }
        return Images.assemble(ImageConfig.forPlatform(Platform.parse("linux/amd64")), written, Map.of());
    }

    private static TarEntry file(String path, String text) {
        return TarEntry.file(path, 0644, text.getBytes(StandardCharsets.UTF_8));
    }

    private Image layered() throws Exception {
        return image(List.of(
                List.of(TarEntry.dir("/var", 0755, 0, 0), TarEntry.dir("/var/lib", 0755, 0, 0),
                        TarEntry.dir("/var/lib/dpkg", 0755, 0, 0), TarEntry.dir("/var/lib/dpkg/status.d", 0755, 0, 0),
                        file("/var/lib/dpkg/status.d/a", "Package: a\n"), file("/var/lib/dpkg/status.d/b", "Package: b\n"),
                        TarEntry.dir("/etc", 0755, 0, 0), TarEntry.dir("/opt", 0755, 0, 0), file("/opt/x", "x"),
                        TarEntry.dir("/usr", 0755, 0, 0), TarEntry.dir("/usr/lib", 0755, 0, 0),
                        file("/usr/lib/os-release", "ID=debian\n"), TarEntry.symlink("/etc/os-release", "../usr/lib/os-release"),
                        TarEntry.symlink("/lib", "usr/lib"), TarEntry.symlink("/etc/dangling", "/nowhere")),
                List.of(TarEntry.dir("/var/lib/dpkg/status.d", 0755, 0, 0),
                        file("/var/lib/dpkg/status.d/.wh.b", ""), file("/var/lib/dpkg/status.d/c", "Package: c\n"),
                        TarEntry.dir("/opt", 0755, 0, 0), file("/opt/.wh..wh..opq", ""), file("/opt/y", "y"),
                        file("/var/lib/dpkg/status.d/a", "Package: a\nVersion: 2\n"))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/var/lib/dpkg/status.d/a | Package: a\\nVersion: 2\\n",
            "/var/lib/dpkg/status.d/b | <absent>",
            "/var/lib/dpkg/status.d/c | Package: c\\n",
            "/opt/x                   | <absent>",
            "/opt/y                   | y",
            "/etc/os-release          | ID=debian\\n",
            "/etc/dangling            | <absent>",
    })
    void read_appliesWhiteoutsAndFollowsLinks(String path, String expected) throws Exception {
        Map<String, byte[]> files = ImageFiles.read(layered(), path::equals);
        String got = files.containsKey(path) ? new String(files.get(path), StandardCharsets.UTF_8) : "<absent>";
        assertThat(got).isEqualTo(expected.replace("\\n", "\n"));
    }

    @Test
    void read_prefixPredicate_returnsOnlyVisibleStatusEntries() throws Exception {
        Map<String, byte[]> files = ImageFiles.read(layered(), p -> p.startsWith("/var/lib/dpkg/status.d/"));
        assertThat(files).containsOnlyKeys("/var/lib/dpkg/status.d/a", "/var/lib/dpkg/status.d/c");
    }

    @Test
    void list_showsMergedTreeWithTypes() throws Exception {
        List<String> dump = ImageFiles.list(layered()).stream()
                .filter(e -> e.path().startsWith("/opt") || e.path().startsWith("/var/lib/dpkg/status.d/")
                        || e.path().equals("/etc/os-release"))
                .map(e -> e.path() + ": " + e.type() + " " + Integer.toOctalString(e.mode()) + " " + e.size()
                        + (e.linkTarget() == null ? "" : " -> " + e.linkTarget()))
                .toList();
        assertThat(dump).containsExactly(
                "/etc/os-release: SYMLINK 777 0 -> ../usr/lib/os-release",
                "/opt: DIR 755 0",
                "/opt/y: FILE 644 1",
                "/var/lib/dpkg/status.d/a: FILE 644 22",
                "/var/lib/dpkg/status.d/c: FILE 644 11");
    }

    @Test
    void read_aParentLinkThatLeadsBackIntoItself_isADanglingLink_notAStackOverflow() throws Exception {
        Image image = image(List.of(List.of(TarEntry.symlink("/usr", "usr/x"), TarEntry.dir("/etc", 0755, 0, 0),
                TarEntry.symlink("/etc/os-release", "../usr/lib/os-release"), file("/etc/hostname", "h\n"))));
        Map<String, byte[]> files = ImageFiles.read(image, p -> p.equals("/etc/os-release") || p.equals("/etc/hostname"));
        assertThat(files).containsOnlyKeys("/etc/hostname");
    }

    @Test
    void read_followsParentLinksNestedSeveralDeep() throws Exception {
        // /a -> b, /b -> c, ... each a directory link: a chain of real depth resolves; only loops are cut.
        List<TarEntry> entries = new ArrayList<>();
        for (char c = 'a'; c < 'l'; c++) {
            entries.add(TarEntry.symlink("/" + c, String.valueOf((char) (c + 1))));
        }
        entries.add(TarEntry.dir("/l", 0755, 0, 0));
        entries.add(file("/l/f", "deep"));
        entries.add(TarEntry.symlink("/link", "a/f"));
        Map<String, byte[]> files = ImageFiles.read(image(List.of(entries)), "/link"::equals);
        assertThat(new String(files.get("/link"), StandardCharsets.UTF_8)).isEqualTo("deep");
    }

    @Test
    void tree_wantedLinkToWantedFile_readsEachLayerOnce() throws Exception {
        Image image = layered();
        java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
        List<Layer> counting = image.layers().stream().<Layer>map(l -> new Layer() {
            public dev.bulwark.oci.Descriptor descriptor() {
                return l.descriptor();
            }

            public dev.bulwark.oci.Digest diffId() {
                return l.diffId();
            }

            public java.io.InputStream open() throws java.io.IOException {
                opens.incrementAndGet();
                return l.open();
            }
        }).toList();
        Image counted = Images.assemble(image.config(), counting, Map.of());

        ImageFiles.Tree tree = ImageFiles.tree(counted, p -> p.endsWith("os-release"));

        assertThat(opens).hasValue(2); // two layers, each decompressed once for entries and contents together
        assertThat(new String(tree.files().get("/etc/os-release"), StandardCharsets.UTF_8)).isEqualTo("ID=debian\n");
        assertThat(tree.entries()).map(ImageFiles.Entry::path).contains("/lib", "/opt/y").doesNotContain("/opt/x");
        assertThat(tree.entries()).isEqualTo(ImageFiles.list(image));
    }
}
