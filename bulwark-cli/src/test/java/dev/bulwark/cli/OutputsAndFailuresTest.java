package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.attest.keys.PasswordSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Modes of written files, unwritable outputs, the cache sweep, rebuilding into a layout, gc, unexpected failures. */
class OutputsAndFailuresTest {
    @TempDir
    Path dir;
    private FakeArchiveCli fake;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeArchiveCli(dir);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void keyGenerate_writesThePrivateKeyOwnerOnlyAndThePublicKeyByUmask() throws Exception {
        CommandLine cli = Main.commandLine();
        KeyCommand.Generate generate = cli.getSubcommands().get("key").getSubcommands().get("generate").getCommand();
        generate.passwords = PasswordSource.of("test-password".toCharArray());
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int code = cli.execute("key", "generate", "--output-key-prefix", dir.resolve("k").toString());
        assertThat(code).isZero();
        assertThat(Files.getPosixFilePermissions(dir.resolve("k.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(dir.resolve("k.pub")))
                .isEqualTo(Files.getPosixFilePermissions(Files.createFile(dir.resolve("probe"))));
    }

    @Test
    void build_intoAnUnwritableCacheOrOutput_failsBeforeAnyDownload() throws Exception {
        Path spec = fake.pythonSpec();
        Path file = Files.writeString(dir.resolve("plain-file"), "x"); // a path below a file can never be created
        CliRun cache = CliRun.of("build", spec.toString(), "--output", "oci:" + dir.resolve("out"), "--mirror",
                fake.archive.baseUrl().toString(), "--cache", file.resolve("cache").toString());
        assertThat(cache.exitCode()).isEqualTo(3);
        assertThat(cache.err()).contains("cannot write the cache " + file.resolve("cache")).contains("--cache DIR");
        CliRun output = fake.run("build", spec.toString(), "--output", "oci:" + file.resolve("layout"));
        assertThat(output.exitCode()).isEqualTo(2);
        assertThat(output.err()).contains("cannot write image to layout " + file.resolve("layout"))
                .contains("is not a directory");
        assertThat(fake.archive.requests()).isEmpty();
    }

    @Test
    void lock_sweepsTempFilesOfKilledRunsButNotOfLiveOnes() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        String host = dev.bulwark.core.TempFiles.hostTag();
        Path killed = Files.createDirectories(fake.cache.resolve("tmp/.bulwark-builder.tmp-" + done.pid() + "-" + host
                + "-00000000abcd"));
        Files.write(killed.resolve("layer"), new byte[4096]);
        Path running = Files.createDirectories(fake.cache.resolve("tmp/.bulwark-builder.tmp-"
                + ProcessHandle.current().pid() + "-" + host + "-00000000beef"));
        CliRun lock = fake.run("lock", fake.pythonSpec().toString());
        assertThat(lock.exitCode()).as(lock.err()).isZero();
        assertThat(killed).doesNotExist();
        assertThat(running).exists();
    }

    @Test
    void cacheNamingTheUsersOwnDirectory_sweepLeavesTheirFilesAlone() throws Exception {
        Path home = dir.resolve("home");
        Path classFile = Files.createDirectories(home.resolve("projects/app/build-2/classes")).resolve("App.class");
        Files.writeString(classFile, "x");
        Path draft = Files.writeString(home.resolve("projects/.draft.tmp"), "n");
        Path tmpBuild = Files.createDirectories(home.resolve("tmp/build-7")); // their own tmp/, not Bulwark's
        Path old = Files.writeString(home.resolve("tmp/.old.tmp-1-0000000000ef"), "o");
        java.nio.file.attribute.FileTime twoHoursAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(2)));
        for (Path p : List.of(classFile.getParent().getParent(), draft, tmpBuild, old)) {
            Files.setLastModifiedTime(p, twoHoursAgo);
        }
        CliRun r = CliRun.of("reproduce", "oci:" + dir.resolve("nonexistent"), "--cache", home.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(List.of(classFile, draft, tmpBuild, old)).allMatch(Files::exists);
        assertThat(home.resolve(dev.bulwark.builder.api.CacheDirectory.TAG)).doesNotExist();
    }

    @Test
    void build_threeTimesIntoOneLayout_keepsIndexSizeAndGcLeavesOnlyReferencedBlobs() throws Exception {
        Path layout = dir.resolve("out/python3");
        List<Integer> entries = new ArrayList<>();
        Set<String> digests = new HashSet<>();
        for (String run : List.of("1", "2", "3")) { // a changed spec, so every build has new digests
            Path spec = fake.spec("python3.yaml", "name: python3\ndistribution: trixie\narchs: [amd64, arm64]\n"
                    + "keyrings: [archive.gpg]\npackages: [python3, tzdata]\nenvironment: {RUN: \"" + run + "\"}\n");
            assertThat(fake.run("lock", spec.toString()).exitCode()).isZero();
            CliRun built = fake.run("build", spec.toString(), "--output", "oci:" + layout, "--format", "json");
            assertThat(built.exitCode()).as(built.err()).isZero();
            JsonNode out = new ObjectMapper().readTree(built.out()).path("outputs").get(0);
            assertThat(out.path("reference").asText()).isEqualTo("oci:" + layout + ":latest");
            assertThat(out.path("platformReferences")).extracting(JsonNode::asText)
                    .containsExactly("oci:" + layout + ":latest-amd64", "oci:" + layout + ":latest-arm64");
            digests.add(out.path("digest").asText());
            entries.add(new ObjectMapper().readTree(layout.resolve("index.json").toFile()).path("manifests").size());
        }
        assertThat(digests).hasSize(3);
        // every file written (cache: indexes, .debs, layers, evidence; the lock; the layout) follows the umask
        Path probe = Files.createFile(dir.resolve("umask-probe"));
        for (Path root : List.of(fake.cache, layout, dir.resolve("python3.yaml.lock.json"))) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.getPosixFilePermissions(p)).as(p.toString())
                            .isEqualTo(Files.getPosixFilePermissions(probe));
                }
            }
        }
        assertThat(entries).allMatch(n -> n.equals(entries.get(0)));
        long before = blobCount(layout);

        CliRun dry = CliRun.of("gc", "oci:" + layout, "--dry-run", "--format", "json");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        int removable = new ObjectMapper().readTree(dry.out()).path("removed").size();
        assertThat(removable).isPositive();
        assertThat(blobCount(layout)).isEqualTo(before);
        CliRun gc = CliRun.of("gc", "oci:" + layout);
        assertThat(gc.exitCode()).as(gc.err()).isZero();
        assertThat(gc.out()).contains("removed " + removable + " blob(s)").contains("freed");
        assertThat(blobCount(layout)).isEqualTo(before - removable);
        CliRun again = CliRun.of("gc", "oci:" + layout);
        assertThat(again.out()).contains("removed 0 blob(s)");
        for (List<String> tagArch : List.of(List.of("latest", "amd64"), List.of("latest-amd64", "amd64"),
                List.of("latest-arm64", "arm64"))) {
            CliRun inspect = CliRun.of("inspect", "oci:" + layout + ":" + tagArch.get(0), "--arch", tagArch.get(1));
            String tag = tagArch.get(0);
            assertThat(inspect.exitCode()).as(tag + ": " + inspect.err()).isZero();
        }
        CliRun verify = CliRun.of("referrers", "oci:" + layout + ":latest");
        assertThat(verify.exitCode()).as(verify.err()).isZero();
    }

    @Test
    void unexpectedFailures_printOneLineAndExit3_stackTraceOnlyWithDebug() {
        CliRun bug = withFailingCommand(new IllegalStateException("the bug"), "boom");
        assertThat(bug.exitCode()).isEqualTo(3);
        assertThat(bug.err().strip().lines()).hasSize(1);
        assertThat(bug.err()).contains("internal error: java.lang.IllegalStateException: the bug").contains("--debug");
        CliRun oom = withFailingCommand(new OutOfMemoryError("Java heap space"), "boom");
        assertThat(oom.exitCode()).isEqualTo(3);
        assertThat(oom.err().strip().lines()).hasSize(1);
        assertThat(oom.err()).contains("out of memory (Java heap space)").contains("BULWARK_JAVA_OPTS");
        for (List<String> args : List.of(List.of("--debug", "boom"), List.of("boom", "--debug"))) {
            CliRun debug = withFailingCommand(new IllegalStateException("the bug"), args.toArray(String[]::new));
            assertThat(debug.exitCode()).as(args.toString()).isEqualTo(3);
            assertThat(debug.err()).as(args.toString()).contains("\tat ");
        }
    }

    private static CliRun withFailingCommand(Throwable failure, String... args) {
        CommandLine cli = Main.commandLine();
        cli.addSubcommand("boom", new CommandLine(new Failing(failure)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** A command that fails the way a bug or a full heap would, to exercise Main's handlers. */
    @CommandLine.Command(name = "boom")
    static final class Failing implements Callable<Integer> {
        private final Throwable failure;

        Failing(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            if (failure instanceof Error e) {
                throw e;
            }
            throw (Exception) failure;
        }
    }

    private static long blobCount(Path layout) throws Exception {
        try (Stream<Path> s = Files.list(layout.resolve("blobs/sha256"))) {
            return s.count();
        }
    }
}
