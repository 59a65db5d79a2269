package dev.bulwark.scan.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.scan.ScanException;
import dev.bulwark.debian.installed.InstalledPackage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** scan --rootfs reads the tree as the image sees it: no symlink in it reaches a host file. */
class TargetsRootfsTest {
    @TempDir
    Path tmp;

    private static void write(Path p, String text) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static void link(Path p, String target) throws Exception {
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }

    @Test
    void fromRootfs_resolvesEverySymlinkInsideTheTreeAndNeverReadsTheHost() throws Exception {
        Path outside = tmp.resolve("outside");
        write(outside.resolve("os-release"), "ID=debian\nVERSION_CODENAME=bookworm\n");
        write(outside.resolve("status"), "Package: hostonly\nVersion: 1.0\nArchitecture: amd64\nStatus: install ok installed\n");
        Path root = tmp.resolve("rootfs");
        link(root.resolve("etc/os-release"), "/etc/os-release");                  // the host's, if followed naively
        link(root.resolve("usr/lib/os-release"), "../../../outside/os-release");  // tmp/outside, if not clamped
        write(root.resolve("outside/os-release"), "ID=debian\nVERSION_CODENAME=trixie\n");
        link(root.resolve("var/lib/dpkg/status"), "/var/lib/dpkg/status");
        Path statusD = root.resolve("var/lib/dpkg/status.d");
        write(statusD.resolve("inside"), "Package: inside\nVersion: 2.0\nArchitecture: amd64\n");
        link(statusD.resolve("host"), "/var/lib/dpkg/status");
        link(statusD.resolve("escape"), "../../../../../outside/status");
        link(statusD.resolve("absolute"), outside.resolve("status").toString());
        link(statusD.resolve("loop"), "loop");

        ScanTarget target = Targets.fromRootfs(root, null, List.of());

        assertThat(target.packages()).extracting(InstalledPackage::name).containsExactly("inside");
        assertThat(target.release()).isEqualTo("trixie");
    }

    @Test
    void confinedRoot_clampsDotDotAndRestartsAbsoluteLinksAtTheTop() throws Exception {
        Path root = tmp.resolve("r");
        write(root.resolve("usr/lib/real"), "x");
        link(root.resolve("lib"), "usr/lib");
        link(root.resolve("usr/bin/up"), "../../../../../lib/real");
        link(root.resolve("abs"), "/lib/real");
        ConfinedRoot confined = new ConfinedRoot(root);
        Path real = root.toRealPath().resolve("usr/lib/real");
        assertThat(confined.resolve("/usr/bin/up")).isEqualTo(real);
        assertThat(confined.resolve("/abs")).isEqualTo(real);
        assertThat(confined.resolve("/../../lib/../lib/real")).isEqualTo(real);
        assertThat(confined.read("/abs")).isEqualTo("x".getBytes());
    }

    private static void fifo(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        Process mkfifo = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("mkfifo " + p).isZero();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void fromRootfs_refusesAFifoNamedLikeOsReleaseOrStatusWithoutBlocking() throws Exception {
        Path root = tmp.resolve("rootfs");
        write(root.resolve("var/lib/dpkg/status"), "Package: inside\nVersion: 2.0\nArchitecture: amd64\n");
        fifo(root.resolve("etc/os-release"));
        assertThatThrownBy(() -> Targets.fromRootfs(root, null, List.of())).isInstanceOf(ScanException.class)
                .hasMessageContaining("/etc/os-release is not a regular file");

        Files.delete(root.resolve("etc/os-release"));
        Files.delete(root.resolve("var/lib/dpkg/status"));
        fifo(root.resolve("var/lib/dpkg/status"));
        link(root.resolve("etc/os-release"), "../var/lib/dpkg/status");
        assertThatThrownBy(() -> Targets.fromRootfs(root, null, List.of())).isInstanceOf(ScanException.class)
                .hasMessageContaining("is not a regular file");
    }

    @Test
    void confinedRoot_refusesAFileLargerThanTheCap() throws Exception {
        Path root = tmp.resolve("r");
        write(root.resolve("etc/os-release"), "");
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("etc/os-release").toFile(), "rw")) {
            f.setLength(ConfinedRoot.MAX_FILE + 1);  // sparse: no disk used
        }
        assertThatThrownBy(() -> new ConfinedRoot(root).read("/etc/os-release")).isInstanceOf(IOException.class)
                .hasMessageContaining("larger than 64 MiB");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void confinedRoot_neverReadsOutsideWhileAnIntermediateDirectoryIsSwappedForASymlink() throws Exception {
        Path outside = tmp.resolve("outside");
        write(outside.resolve("dpkg/status"), "host");
        Path root = tmp.resolve("rootfs");
        Path lib = root.resolve("var/lib");
        write(lib.resolve("dpkg/status"), "inside");
        Path real = root.resolve("var/lib.real");
        Path swap = root.resolve("var/lib.link");
        Files.createSymbolicLink(swap, outside.toRealPath());
        ConfinedRoot confined = new ConfinedRoot(root);
        AtomicBoolean stop = new AtomicBoolean();
        Thread swapper = new Thread(() -> {
            try {
                while (!stop.get()) {
                    Files.move(lib, real, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(swap, lib, StandardCopyOption.ATOMIC_MOVE);
                    Thread.onSpinWait();
                    Files.move(lib, swap, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(real, lib, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        swapper.start();
        int inside = 0;
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < end) {
                byte[] content;
                try {
                    content = confined.read("/var/lib/dpkg/status");
                } catch (IOException refused) {
                    continue;  // a component changed under the walk: refused, which is fine
                }
                if (content != null) {
                    assertThat(new String(content)).isEqualTo("inside");
                    inside++;
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertThat(inside).as("reads that met the real directory").isPositive();
    }
}
