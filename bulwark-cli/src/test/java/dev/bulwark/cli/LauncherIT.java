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
 * it runs the existing jar instead of failing on its marker files or waiting for a build lock it cannot take; and by
 * one who can, for whom it keeps a class-data-sharing archive per kind of command.
 */
class LauncherIT {
    @TempDir
    Path dir;

    @Test
    void launcher_withReadOnlyTargetFolder_runsTheExistingJar() throws Exception {
        if (LayoutToolsIT.isRoot()) {
            Tools.require("setpriv"); // root writes anywhere; the test needs a user the mode bits stop
        }
        Path root = checkout();
        Path target = root.resolve("bulwark-cli/target");
        for (Path p : List.of(dir, root, root.resolve("bulwark-cli"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
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

    @Test
    void launcher_firstRunOfACommand_leavesAStaticArchiveThatLaterRunsMap() throws Exception {
        Path root = checkout();
        Path target = root.resolve("bulwark-cli/target");

        Run bad = launchAsOwner(root, null, "no-such-command");
        assertThat(bad.code()).as(bad.out()).isEqualTo(2);
        Run first = launchAsOwner(root, null, "--version");
        assertThat(first.code()).as(first.out()).isZero();
        assertThat(first.out()).startsWith("bulwark ");
        Path archive = awaitArchive(target);
        assertThat(archive.getFileName().toString()).endsWith("-help.jsa");
        // -Xshare:on makes the JVM fail rather than run without the archive: the second run maps it.
        Run mapped = launchAsOwner(root, "-Xshare:on -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx1g", "--version");
        assertThat(mapped.code()).as(mapped.out()).isZero();
        assertThat(mapped.out()).startsWith("bulwark ");
        try (var s = Files.list(target)) {
            // no class list, lock or temp archive is left, and the failed command recorded nothing
            assertThat(s.map(p -> p.getFileName().toString()))
                    .allMatch(n -> n.equals("bulwark.jar") || n.startsWith("java-") || n.endsWith("-help.jsa"));
        }
    }

    @Test
    void launcher_terminatedOnACommandsFirstRun_stopsJavaToo() throws Exception {
        int code = signalFirstRun(null);
        assertThat(code).isIn(0, 143);
    }

    @Test
    void launcher_interruptedOnACommandsFirstRun_stopsJavaAndExits130() throws Exception {
        int code = signalFirstRun("INT");
        assertThat(code).isIn(0, 130);
    }

    /**
     * Starts serve on a first run (no archive yet, so the launcher stays java's parent to list classes), checks java
     * reads the launcher's stdin, signals the launcher only (SIGTERM, or {@code kill -SIGNAL}) and returns its exit
     * code once both it and java are gone.
     */
    private int signalFirstRun(String signal) throws Exception {
        Path root = checkout();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("serve.log");
        List<String> command = new java.util.ArrayList<>();
        // A shell cannot trap a signal it was started with ignored, and a test run started in the background (nohup,
        // 'mvn … &') ignores SIGINT and passes that on to the launcher: the launcher starts with the default instead.
        if (new ProcessBuilder("/usr/bin/env", "--default-signal=INT", "true").start().waitFor() == 0) {
            command.addAll(List.of("/usr/bin/env", "--default-signal=INT"));
        }
        command.addAll(List.of(root.resolve("bulwark").toString(), "serve", "--catalog",
                dir.resolve("catalog.db").toString(), "--listen", "127.0.0.1:" + port, "--allow-anonymous-read"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).directory(root.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("BULWARK_JAVA_OPTS");
        Process launcher = pb.start();
        try {
            for (int i = 0; i < 240 && !Files.readString(log).contains("serving "); i++) {
                Thread.sleep(250);
            }
            assertThat(Files.readString(log)).contains("serving ");
            List<ProcessHandle> java = launcher.children().toList();
            assertThat(java).as("java runs as the launcher's child").hasSize(1);
            // java reads the launcher's stdin (a pipe here; a terminal for a password prompt), not /dev/null
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + java.get(0).pid() + "/fd/0")))
                    .isEqualTo(Files.readSymbolicLink(Path.of("/proc/" + launcher.pid() + "/fd/0")));
            if (signal == null) {
                launcher.destroy(); // SIGTERM to the launcher only, as a supervisor or 'kill PID' sends it
            } else {
                assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(launcher.pid())).start().waitFor())
                        .isZero();
            }
            if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
                // Say what was still running, to tell a stuck shutdown hook from a stuck launcher.
                String threads = java.get(0).isAlive() ? jstack(java.get(0).pid()) : "java has exited";
                org.junit.jupiter.api.Assertions.fail("the launcher did not exit within 60 s; serve's log:\n"
                        + Files.readString(log) + "\njava's threads:\n" + threads);
            }
            assertThat(java.get(0).onExit().get(30, TimeUnit.SECONDS).isAlive()).as("java exits with it").isFalse();
            try (var s = Files.list(root.resolve("bulwark-cli/target"))) {
                assertThat(s.map(p -> p.getFileName().toString())).as("an interrupted run lists no classes")
                        .noneMatch(n -> n.startsWith(".classes-") || n.endsWith(".jsa"));
            }
            return launcher.exitValue();
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    private static String jstack(long pid) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                    Long.toString(pid)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(20, TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** A checkout of just the launcher and this build's jar, with no class-data-sharing archive yet. */
    private Path checkout() throws Exception {
        Path jar = Tools.projectRoot().resolve("bulwark-cli/target/bulwark.jar");
        if (!Files.isRegularFile(jar)) {
            Tools.missing("bulwark-cli/target/bulwark.jar (built by 'package')");
        }
        Path root = dir.resolve("checkout");
        Path target = Files.createDirectories(root.resolve("bulwark-cli/target"));
        Files.copy(Tools.projectRoot().resolve("bulwark"), root.resolve("bulwark"));
        Files.copy(jar, target.resolve("bulwark.jar"));
        Files.setPosixFilePermissions(root.resolve("bulwark"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return root;
    }

    /** Waits for the background dump: the archive appears and its lock and class list go. */
    private static Path awaitArchive(Path target) throws Exception {
        for (int i = 0; i < 240; i++) {
            try (var s = Files.list(target)) {
                List<String> names = s.map(p -> p.getFileName().toString()).toList();
                var done = names.stream().filter(n -> n.endsWith(".jsa")).findFirst();
                if (done.isPresent() && names.stream().noneMatch(n -> n.endsWith(".lock") || n.startsWith(".classes-"))) {
                    return target.resolve(done.get());
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no class-data-sharing archive in " + target + " after 120 s");
    }

    private static Run launchAsOwner(Path root, String javaOpts, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("bulwark").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(root.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("BULWARK_JAVA_OPTS");
        if (javaOpts != null) {
            pb.environment().put("BULWARK_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish in 120 s:\n" + out);
        }
        return new Run(p.exitValue(), out);
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
