package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.image.ImageSources;
import dev.bulwark.image.run.BubblewrapSandbox;
import dev.bulwark.image.run.ImageRunner;
import dev.bulwark.image.run.RunRequest;
import dev.bulwark.image.run.RunResult;
import dev.bulwark.image.run.UnpackedImage;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.testkit.FakeArchive;
import dev.bulwark.testkit.FakeDeb;
import dev.bulwark.testkit.HostBinaries;
import dev.bulwark.testkit.TestKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark run} against images built from a fake archive whose one package carries real host programs (dash,
 * sleep, echo and their libc): the sandbox's confinement as root, docker-run argument semantics, cleanup on SIGTERM
 * and after a killed run.
 */
class RunSandboxIT {
    static final TestKey KEY = TestKey.generate("Bulwark Run Test <run@example.invalid>");
    static final String PROBE = """
            #!/bin/dash
            case "$1" in
            procsys)
              walk() { for f in "$1"/*; do
                  if [ -L "$f" ]; then :; elif [ -d "$f" ]; then walk "$f"; elif [ -w "$f" ]; then echo "writable $f"; fi
                done; }
              walk /proc/sys
              for f in /proc/sys/kernel/hostname /proc/sys/vm/drop_caches; do
                if (echo 1 > "$f") 2>/dev/null; then echo "wrote $f"; else echo "refused $f"; fi
              done;;
            pids) for p in /proc/[0-9]*; do echo "${p#/proc/}"; done;;
            ids) while read -r l; do echo "uid_map $l"; done < /proc/self/uid_map
                 while read -r k v rest; do case "$k" in CapEff:|CapBnd:) echo "$k $v";; esac; done < /proc/self/status;;
            sys) for f in /sys/*; do echo "sys $f"; done;;
            esac
            """;

    @TempDir
    static Path dir;
    static FakeArchive archive;
    static Path rootImage;
    static Path nonrootImage;

    @BeforeAll
    static void buildImages() throws Exception {
        Tools.require("bwrap");
        Tools.require("ldd");
        // As root the sandbox runs under an unprivileged host uid, which must traverse to the work directories.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        FakeDeb.Builder probe = FakeDeb.builder("probe", "1.0-1", "amd64");
        HostBinaries.add(probe, "/usr/bin/dash", "/usr/bin/sleep", "/usr/bin/echo", "/usr/bin/cp", "/usr/bin/chmod");
        probe.file("/usr/bin/probe", PROBE.getBytes(StandardCharsets.UTF_8), 0755)
                .file("/etc/motd", "not a program\n".getBytes(StandardCharsets.UTF_8), 0644);
        archive = FakeArchive.builder(KEY).archs("amd64").add("trixie", "main", probe.build()).start();
        Files.write(dir.resolve("archive.gpg"), KEY.publicKeyring());
        rootImage = build("root", "accounts: { run-as: root }\nentrypoint: [/usr/bin/echo, prefix]\ncmd: [default]\n");
        nonrootImage = build("nonroot", "cmd: [/usr/bin/echo, default]\nworkdir: /tmp\n");
    }

    @AfterAll
    static void stop() {
        if (archive != null) {
            archive.close();
        }
    }

    private static Path build(String name, String extra) {
        Path spec = dir.resolve(name + ".yaml");
        try {
            Files.writeString(spec, "name: " + name + "\ndistribution: trixie\nsuites: [trixie]\narchs: [amd64]\n"
                    + "keyrings: [archive.gpg]\npackages: [probe]\n" + extra);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String[] common = {"--mirror", archive.baseUrl().toString(), "--cache", dir.resolve("cache").toString()};
        CliRun lock = CliRun.of(concat(new String[] {"lock", spec.toString(), "--arch", "amd64"}, common));
        assertThat(lock.exitCode()).as(lock.err()).isZero();
        Path out = dir.resolve("img-" + name);
        CliRun built = CliRun.of(concat(new String[] {"build", spec.toString(), "--arch", "amd64", "--no-sbom",
                "--output", "oci:" + out}, common));
        assertThat(built.exitCode()).as(built.err()).isZero();
        return out;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static UnpackedImage unpack(Path image, Path work) throws Exception {
        return new ImageRunner(work).unpack(ImageSources.open(ImageReference.parse("oci:" + image),
                RegistryOptions.defaults()), "amd64");
    }

    private static RunRequest probe(String what) {
        return RunRequest.of(what).withEntrypoint(List.of("/usr/bin/probe")).withTimeout(Duration.ofSeconds(60));
    }

    @Test
    void rootImage_cannotWriteProcSysNorSeeHostProcessesAndHasNoCapabilities() throws Exception {
        try (UnpackedImage img = unpack(rootImage, dir.resolve("work-root"))) {
            assertThat(img.runsAsRoot(RunRequest.of())).isTrue();
            RunResult sys = img.run(probe("procsys"));
            assertThat(sys.exitCode()).as(sys.stderrText()).isZero();
            assertThat(sys.stdoutText().lines()).containsExactly("refused /proc/sys/kernel/hostname",
                    "refused /proc/sys/vm/drop_caches");
            RunResult pids = img.run(probe("pids"));
            List<Integer> seen = pids.stdoutText().lines().map(Integer::valueOf).toList();
            assertThat(seen).isNotEmpty().allSatisfy(pid -> assertThat(pid).isLessThan(10));
            assertThat(seen).doesNotContain((int) ProcessHandle.current().pid());
            RunResult ids = img.run(probe("ids"));
            assertThat(ids.stdoutText()).contains("CapEff: 0000000000000000", "CapBnd: 0000000000000000");
            assertThat(img.run(probe("sys")).stdoutText()).doesNotContain("sys /sys/kernel", "sys /sys/fs");
        }
    }

    /** The host-uid checks only mean something as root; CI runs as root, so there they must not be skipped. */
    private static void requireRoot() {
        boolean root = BubblewrapSandbox.runningAsRoot();
        if ("true".equals(System.getenv("CI"))) {
            assertThat(root).as("CI runs the sandbox tests as root").isTrue();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(root, "not root: the host-uid mapping of a root Bulwark is not tested");
    }

    @Test
    void rootImage_runsUnderAnUnprivilegedHostUid() throws Exception {
        requireRoot();
        assertHostUid(javaRun(dir.resolve("work-uid"), "oci:" + rootImage, "--entrypoint", "/usr/bin/sleep", "--", "30"),
                BubblewrapSandbox.ROOT_HOST_ID);
    }

    @Test
    void imageUser1000_runsUnderTheShiftedHostUidNeverTheHostsOwn1000() throws Exception {
        requireRoot();
        assertHostUid(javaRun(dir.resolve("work-uid1000"), "oci:" + nonrootImage, "--user", "1000", "--",
                "/usr/bin/sleep", "30"), BubblewrapSandbox.ROOT_HOST_ID + 1000);
    }

    /** As the host sees the sleeping command: real, effective, saved and filesystem uid all {@code uid}, no caps. */
    private static void assertHostUid(Process p, int uid) throws Exception {
        try {
            long sleeper = awaitSleep(p);
            List<String> status = Files.readAllLines(Path.of("/proc/" + sleeper + "/status"));
            String uids = status.stream().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
            String u = String.valueOf(uid);
            assertThat(uids.split("\\s+")).containsExactly("Uid:", u, u, u, u);
            assertThat(status).contains("CapEff:\t0000000000000000", "CapPrm:\t0000000000000000");
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void runDirectory_isUnreachableByOtherHostUsersAndItsRootfsHasNoSetuidFiles() throws Exception {
        requireRoot();
        Tools.require("setpriv");
        Path work = dir.resolve("work-private");
        try (UnpackedImage img = unpack(rootImage, work)) {
            Path run = list(work).get(0);
            assertThat(img.run(RunRequest.of("-c", "cp /usr/bin/dash /tmp/x && chmod 4755 /tmp/x")
                    .withEntrypoint(List.of("/usr/bin/dash"))).exitCode()).isZero();
            assertThat(Files.getPosixFilePermissions(run)).isEqualTo(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x---"));
            assertThat(Files.getAttribute(run, "unix:uid")).isEqualTo(0);
            assertThat(Files.getAttribute(run, "unix:gid")).isEqualTo(BubblewrapSandbox.ROOT_HOST_ID);
            // The setuid copy the image made exists, but nobody else on the host can reach it.
            assertThat(run.resolve("rootfs/tmp/x")).exists();
            Process other = new ProcessBuilder("setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
                    "stat", run.resolve("rootfs/tmp/x").toString()).redirectErrorStream(true).start();
            String said = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(other.waitFor()).as(said).isNotZero();
            assertThat(said).contains("Permission denied");
            try (Stream<Path> all = Files.walk(run.resolve("rootfs"))) {
                // unpacked without setuid bits, owned in the shifted range
                assertThat(all.filter(f -> !f.toString().endsWith("/tmp/x")).filter(f -> !Files.isSymbolicLink(f))
                        .filter(f -> mode(f) >= 01000 && !Files.isDirectory(f)).toList()).isEmpty();
            }
            assertThat(Files.getAttribute(run.resolve("rootfs/usr/bin/dash"), "unix:uid"))
                    .isEqualTo(BubblewrapSandbox.ROOT_HOST_ID);
        }
    }

    private static int mode(Path f) {
        try {
            return (Integer) Files.getAttribute(f, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS) & 07777;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void secondUnpackInTheSameJvm_keepsTheFirstOnesLockForOtherProcesses() throws Exception {
        Tools.require("python3");
        Path work = dir.resolve("work-twolocks");
        try (UnpackedImage first = unpack(nonrootImage, work)) {
            Path firstDir = list(work).get(0);
            try (UnpackedImage second = unpack(nonrootImage, work)) {
                // Another process tries the first run's lock, as its sweep would: it must find it held.
                Process probe = new ProcessBuilder("python3", "-c", "import fcntl,sys\n"
                        + "f=open(sys.argv[1],'r+')\ntry:\n fcntl.lockf(f,fcntl.LOCK_EX|fcntl.LOCK_NB)\n print('free')\n"
                        + "except OSError:\n print('held')", firstDir.resolve("bulwark-run.lock").toString())
                        .redirectErrorStream(true).start();
                String said = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(probe.waitFor()).as(said).isZero();
                assertThat(said.trim()).isEqualTo("held");
            }
            assertThat(firstDir).exists();
        }
    }

    @Test
    void cli_warnsWhenTheImageRunsAsRoot() throws Exception {
        Process p = javaRun(dir.resolve("work-warn"), "oci:" + rootImage, "--", "hello");
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out).isEqualTo("prefix hello\n");
        assertThat(err).contains("warning: the command runs as root");
    }

    @Test
    void args_areAppendedToTheEntrypointLikeDockerRun() throws Exception {
        try (UnpackedImage img = unpack(rootImage, dir.resolve("work-args"))) {
            assertThat(img.run(RunRequest.of()).stdoutText()).isEqualTo("prefix default\n");
            assertThat(img.run(RunRequest.of("a", "b")).stdoutText()).isEqualTo("prefix a b\n");
            assertThat(img.run(RunRequest.of("/usr/bin/echo", "x").withEntrypoint(List.of())).stdoutText())
                    .isEqualTo("x\n");
            RunResult shell = img.run(RunRequest.of("-c", "echo $PWD $GREETING")
                    .withEntrypoint(List.of("/usr/bin/dash")).withWorkdir("/etc").withEnv(List.of("GREETING=hi")));
            assertThat(shell.stdoutText()).isEqualTo("/etc hi\n");
        }
        try (UnpackedImage img = unpack(nonrootImage, dir.resolve("work-args2"))) {
            // no entrypoint: the args are the command; the image's workdir and user apply
            assertThat(img.run(RunRequest.of("/usr/bin/dash", "-c", "echo $PWD")).stdoutText()).isEqualTo("/tmp\n");
            assertThat(img.run(RunRequest.of("/usr/bin/dash", "-c", "while read -r k r e rest; do case $k in Uid:) echo $e;; esac; done < /proc/self/status"))
                    .stdoutText()).isEqualTo("65532\n");
            assertThat(img.run(RunRequest.of("/usr/bin/dash", "-c", "while read -r k r e rest; do case $k in Uid:) "
                    + "echo $e;; esac; done < /proc/self/status").withUser("0")).stdoutText()).isEqualTo("0\n");
        }
    }

    @Test
    void missingOrNonExecutableCommand_exits127Or126AndTimeoutKills() throws Exception {
        try (UnpackedImage img = unpack(nonrootImage, dir.resolve("work-codes"))) {
            RunResult missing = img.run(RunRequest.of("/usr/bin/nope"));
            assertThat(missing.exitCode()).isEqualTo(127);
            assertThat(missing.stderrText()).contains("cannot run '/usr/bin/nope'");
            assertThat(img.run(RunRequest.of("nope")).exitCode()).isEqualTo(127);
            assertThat(img.run(RunRequest.of("/etc/motd")).exitCode()).isEqualTo(126);
            assertThat(img.run(RunRequest.of("dash", "-c", "exit 7")).exitCode()).isEqualTo(7);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> img.run(RunRequest.of("dash").withWorkdir("/nope")))
                    .hasMessageContaining("cannot run in working directory '/nope': it is not a directory in the image");
            RunResult slow = img.run(RunRequest.of("/usr/bin/sleep", "30").withTimeout(Duration.ofMillis(500)));
            assertThat(slow.timedOut()).isTrue();
            assertThat(slow.exitCode()).isEqualTo(RunResult.TIMED_OUT);
            RunResult big = img.run(RunRequest.of("/usr/bin/dash", "-c", "i=0; while [ $i -lt 2000 ]; do "
                    + "echo 0123456789; i=$((i+1)); done").withOutput(RunRequest.Output.capture(1000)));
            assertThat(big.stdout()).hasSize(1000);
            assertThat(big.truncated()).isTrue();
            assertThat(big.exitCode()).isZero();
        }
    }

    @Test
    void sigterm_stopsTheCommandAndRemovesTheRootfs() throws Exception {
        Path work = dir.resolve("work-term");
        Process p = javaRun(work, "oci:" + nonrootImage, "--", "/usr/bin/sleep", "30");
        long sleeper = awaitSleep(p);
        p.destroy(); // SIGTERM to the JVM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(list(work)).isEmpty();
    }

    @Test
    void killedRun_leftoversAreSweptByTheNextRunButALiveRunIsKept() throws Exception {
        Path work = dir.resolve("work-kill");
        Process p = javaRun(work, "oci:" + nonrootImage, "--", "/usr/bin/sleep", "30");
        long sleeper = awaitSleep(p);
        p.destroyForcibly(); // SIGKILL: no hook runs
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 100 && ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        List<Path> left = list(work);
        assertThat(left).hasSize(1);
        try (UnpackedImage live = unpack(nonrootImage, work)) {
            assertThat(left.get(0)).doesNotExist();
            Path liveDir = list(work).get(0);
            try (UnpackedImage second = unpack(nonrootImage, work)) {
                assertThat(liveDir).exists();
                assertThat(list(work)).hasSize(2);
            }
        }
        assertThat(list(work)).isEmpty();
    }

    private static long awaitSleep(Process p) throws Exception {
        for (int i = 0; i < 600; i++) {
            var sleeper = p.descendants().filter(h -> h.info().command().orElse("").endsWith("/sleep")).findFirst();
            if (sleeper.isPresent()) {
                return sleeper.get().pid();
            }
            assertThat(p.isAlive()).as("bulwark run ended early").isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("sleep did not start");
    }

    private static List<Path> list(Path work) throws Exception {
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(work)) {
            return s.toList();
        }
    }

    private static Process javaRun(Path work, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--tmp", work.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }
}
