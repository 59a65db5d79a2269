package dev.bulwark.check.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.debian.installed.InstalledPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
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
}
