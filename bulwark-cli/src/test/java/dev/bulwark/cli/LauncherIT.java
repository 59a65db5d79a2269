package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./bulwark} launcher run by a user who cannot write its build folder (a checkout owned by someone else):
 * it runs the existing jar instead of failing on its marker files or waiting for a build lock it cannot take.
 */
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void launcher_withReadOnlyTargetFolder_runsTheExistingJar() throws Exception {
        Path jar = Tools.projectRoot().resolve("bulwark-cli/target/bulwark.jar");
        if (!Files.isRegularFile(jar)) {
            Tools.missing("bulwark-cli/target/bulwark.jar (built by 'package')");
        }
        if (LayoutToolsIT.isRoot()) {
            Tools.require("setpriv"); // root writes anywhere; the test needs a user the mode bits stop
        }
        Path root = dir.resolve("checkout");
        Path target = Files.createDirectories(root.resolve("bulwark-cli/target"));
        Files.copy(Tools.projectRoot().resolve("bulwark"), root.resolve("bulwark"));
        Files.copy(jar, target.resolve("bulwark.jar"));
        for (Path p : List.of(dir, root, root.resolve("bulwark-cli"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(root.resolve("bulwark"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r-xr-xr-x"));

        Run fresh = launch(root, "--version");
        assertThat(fresh.code()).as(fresh.out()).isZero();
        assertThat(fresh.out()).contains("bulwark ").doesNotContain("cannot create");

        Path source = Files.createDirectories(root.resolve("bulwark-cli/src/main/java")).resolve("Changed.java");
        Files.writeString(source, "class Changed {}\n");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));
        Run stale = launch(root, "--version");
        assertThat(stale.code()).as(stale.out()).isZero();
        assertThat(stale.out()).contains("is not writable; running the existing jar").contains("bulwark ");
        try (var s = Files.list(target)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("bulwark.jar");
        }
    }

    private record Run(int code, String out) {
    }

    private static Run launch(Path root, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (LayoutToolsIT.isRoot()) {
            cmd.addAll(List.of("setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"));
        }
        cmd.add(root.resolve("bulwark").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(root.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish in 120 s:\n" + out);
        }
        return new Run(p.exitValue(), out);
    }
}
