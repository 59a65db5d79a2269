package dev.bulwark.oci.rootfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsUnpackerTest {

    @TempDir
    Path dir;

    private Image image(List<List<TarEntry>> layers) throws Exception {
        LayerWriter writer = new LayerWriter(dir.resolve("tmp"), 0, Compression.GZIP);
        List<Layer> written = new ArrayList<>();
        for (List<TarEntry> entries : layers) {
            written.add(writer.write(entries));
        }
        return Images.assemble(ImageConfig.forPlatform(Platform.parse("linux/amd64")), written, Map.of());
    }

    private static TarEntry file(String path, String content) {
        return TarEntry.file(path, 0644, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unpack_followsAbsoluteSymlinksInsideTheRootNeverOnTheHost() throws Exception {
        Path outside = dir.resolve("outside");
        Files.createDirectories(outside);
        Image image = image(List.of(List.of(TarEntry.symlink("/a", outside.toString()), file("/a/passwd", "pwned"))));
        Path root = dir.resolve("root");
        new RootfsUnpacker(root, false).unpack(image);
        assertThat(outside.resolve("passwd")).doesNotExist();
        assertThat(root.resolve(outside.toString().substring(1)).resolve("passwd")).hasContent("pwned");
        assertThat(Files.isSymbolicLink(root.resolve("a"))).isTrue();
    }

    @Test
    void unpack_clampsDotDotInSymlinkTargetsAtTheRoot() throws Exception {
        Image image = image(List.of(List.of(TarEntry.symlink("/b", "../../../../../../escape"), file("/b/x", "x"))));
        Path root = dir.resolve("root");
        new RootfsUnpacker(root, false).unpack(image);
        assertThat(root.resolve("escape/x")).hasContent("x");
        assertThat(dir.resolve("escape")).doesNotExist();
        assertThat(Path.of("/escape")).doesNotExist();
    }

    @Test
    void unpack_appliesWhiteoutsAndOpaqueDirectories() throws Exception {
        Image image = image(List.of(
                List.of(file("/etc/keep", "1"), file("/etc/gone", "2"), file("/opt/a/old", "3")),
                List.of(file("/etc/.wh.gone", ""), TarEntry.dir("/opt/a", 0755, 0, 0), file("/opt/a/.wh..wh..opq", ""))));
        Path root = dir.resolve("root");
        new RootfsUnpacker(root, false).unpack(image);
        assertThat(root.resolve("etc/keep")).hasContent("1");
        assertThat(root.resolve("etc/gone")).doesNotExist();
        assertThat(root.resolve("opt/a")).isEmptyDirectory();
    }

    @Test
    void unpack_neverChangesModesOutsideTheRootWhenALaterLayerSwapsADirectoryForASymlink() throws Exception {
        Path victim = dir.resolve("victim");
        Files.createDirectories(victim.resolve("b"));
        Files.setAttribute(victim.resolve("b"), "unix:mode", 0700);
        Image image = image(List.of(
                List.of(TarEntry.dir("/a", 0755, 0, 0), TarEntry.dir("/a/b", 0777, 0, 0)),
                List.of(TarEntry.symlink("/a", victim.toString()))));
        new RootfsUnpacker(dir.resolve("root"), false).unpack(image);
        assertThat((Integer) Files.getAttribute(victim.resolve("b"), "unix:mode") & 07777).isEqualTo(0700);
    }

    @Test
    void unpack_canDropSetuidBitsForASharedRootfs() throws Exception {
        Image image = image(List.of(List.of(TarEntry.file("/usr/bin/su", 04755, "su".getBytes(StandardCharsets.UTF_8)))));
        Path root = dir.resolve("root");
        new RootfsUnpacker(root, false, true).unpack(image);
        assertThat((Integer) Files.getAttribute(root.resolve("usr/bin/su"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777).isEqualTo(0755);
    }

    @Test
    void unpack_refusesAWhiteoutNamingTheParent() throws Exception {
        Image image = image(List.of(List.of(file("/etc/.wh..", ""))));
        assertThatThrownBy(() -> new RootfsUnpacker(dir.resolve("root"), false).unpack(image))
                .isInstanceOf(OciException.class).hasMessageContaining("whiteout");
    }

    @Test
    void unpack_keepsModesIncludingStickyAndSetuid() throws Exception {
        Image image = image(List.of(List.of(TarEntry.dir("/tmp", 01777, 0, 0),
                TarEntry.file("/usr/bin/su", 04755, "su".getBytes(StandardCharsets.UTF_8)))));
        Path root = dir.resolve("root");
        new RootfsUnpacker(root, false).unpack(image);
        assertThat((Integer) Files.getAttribute(root.resolve("tmp"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777).isEqualTo(01777);
        assertThat((Integer) Files.getAttribute(root.resolve("usr/bin/su"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777).isEqualTo(04755);
    }

    @Test
    void deleteRecursively_neverFollowsADirectorySwappedForASymlinkWhileItDeletes() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside/victim"));
        Path tree = Files.createDirectories(dir.resolve("tree/D/victim"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(outside.resolve("f" + i), "keep");
            Files.writeString(tree.resolve("f" + i), "inside");
        }
        Path d = dir.resolve("tree/D");
        // The attack: once D's entries are listed, D is moved away and a symlink to another tree takes its place.
        assertThatThrownBy(() -> RootfsUnpacker.deleteRecursively(dir.resolve("tree"), listed -> {
            if (listed.equals(d)) {
                try {
                    Files.move(d, dir.resolve("tree-moved"));
                    Files.createSymbolicLink(d, dir.resolve("outside"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        })).isInstanceOf(java.io.IOException.class);
        assertThat(outside.resolve("f0")).hasContent("keep");
        assertThat(outside.resolve("f1")).exists();
        assertThat(outside.resolve("f2")).exists();
        // what was deleted is what D held when it was opened
        assertThat(dir.resolve("tree-moved/victim")).doesNotExist();
    }

    @Test
    void deleteRecursively_removesDirectoriesTheImageMadeReadOnly() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("ro/a/b"));
        Files.writeString(tree.resolve("f"), "x");
        Files.writeString(dir.resolve("ro/a/g"), "y");
        Files.setPosixFilePermissions(tree, java.nio.file.attribute.PosixFilePermissions.fromString("r-x------"));
        Files.setPosixFilePermissions(dir.resolve("ro/a"), java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        RootfsUnpacker.deleteRecursively(dir.resolve("ro"));
        assertThat(dir.resolve("ro")).doesNotExist();
    }

    @Test
    void deleteRecursively_keepsOutsideFilesWhenAnotherThreadSwapsADirectoryForASymlinkMidDelete() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside/victim"));
        Path inner = Files.createDirectories(dir.resolve("race/D/victim"));
        for (int i = 0; i < 500; i++) {
            Files.writeString(outside.resolve("f" + i), "keep");
            Files.writeString(inner.resolve("f" + i), "inside");
        }
        Path d = dir.resolve("race/D");
        Path aside = dir.resolve("race-aside");
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        // The reviewer's attack: once the delete is under way inside D, swap D for a symlink to another tree.
        Thread racer = new Thread(() -> {
            try {
                while (!done.get()) {
                    try (java.util.stream.Stream<Path> left = Files.list(inner)) {
                        if (left.count() < 500) {
                            break;
                        }
                    }
                }
                Files.move(d, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Files.createSymbolicLink(d, dir.resolve("outside"));
            } catch (java.io.IOException | RuntimeException e) {
                // the delete got there first
            }
        });
        racer.start();
        try {
            RootfsUnpacker.deleteRecursively(dir.resolve("race"));
        } catch (java.io.IOException expected) {
            // the delete may find D turned into a symlink when it removes D itself
        } finally {
            done.set(true);
            racer.join();
        }
        try (java.util.stream.Stream<Path> left = Files.list(outside)) {
            assertThat(left.count()).isEqualTo(500);
        }
    }
}
