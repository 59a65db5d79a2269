package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.testkit.FakeArchive;
import dev.bulwark.testkit.FakeDeb;
import dev.bulwark.testkit.LocalRegistry;
import dev.bulwark.testkit.TestKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command in the README's {@code ```sh} blocks runs as written, in order, through {@code sh}, in a working
 * directory laid out like a checkout. How the test stands in for what a reader has:
 * <ul>
 * <li>{@code ./bulwark} is a script that runs this build's CLI classes (the real launcher would start Maven).</li>
 * <li>The Debian archive is the testkit's fake signed archive ({@code BULWARK_MIRROR}), holding fake packages of
 *     the same names the example specs ask for; each {@code examples/*.yaml} is copied with one line added, a
 *     {@code keyrings:} entry trusting the fake archive's key (the committed locks, made against the live archive,
 *     are left out, so {@code lock} and {@code build} lock against the fake archive).</li>
 * <li>The registry is Debian's docker-registry on a free port: {@code 127.0.0.1:5000} is replaced by its
 *     address in every command.</li>
 * <li>{@code debian-tracker.json} is a small tracker file the test writes (one low-urgency open CVE).</li>
 * <li>{@code COSIGN_PASSWORD} is set for the whole run, standing in for the password prompt; {@code HOME} and the
 *     cache are inside the temp directory.</li>
 * <li>Customizations name a base, not a distribution: in them (and in {@code examples/custom/}, copied likewise)
 *     the key's line follows the {@code base:} line.</li>
 * <li>{@code ./mvnw -B verify} is not run (it is this test's own suite); {@code run}'s command needs a real Python,
 *     which fake packages do not have, so for it the test expects the sandbox to start and report that
 *     {@code /usr/bin/python3} cannot be executed.</li>
 * </ul>
 */
class ReadmeIT {
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final String README_REGISTRY = "127.0.0.1:5000";

    /** What a command gives instead of success on the test kit, and why (see the class comment). */
    private record Expected(int exitCode, String output, String why) {
        static final Expected OK = new Expected(0, "", "it works");
        /** Exit 0 or 1: a gate ran and judged the image (2 and 3 still fail the test). */
        static final int PASS_OR_FAIL = -1;

        boolean accepts(int code) {
            return exitCode == PASS_OR_FAIL ? code == 0 || code == 1 : code == exitCode;
        }
    }

    /**
     * The commands whose outcome on the test kit is not success, by the command (or its start, ending in
     * {@code --}): {@code run} needs a
     * real Python; the first {@code scan} has no advisory database yet, so it reads changelogs from the archive,
     * whose InRelease {@code scan} verifies with Debian's keys only, and the fake archive is refused.
     */
    private static final Map<String, Expected> EXPECTED = Map.of(
            "./bulwark run oci:out/python3:latest --", new Expected(127, "/usr/bin/python3",
                    "fake packages have no interpreter"),
            "./bulwark scan oci:out/python3:latest", new Expected(3, "no signature is by a key in the keyring",
                    "scan trusts Debian's archive keys only"),
            "./bulwark check oci:out/python3:latest --", new Expected(Expected.PASS_OR_FAIL, "",
                    "fake packages may break a rule; the verb must judge, not crash"),
            "./bulwark test oci:out/python3:latest --", new Expected(Expected.PASS_OR_FAIL, "",
                    "fake packages have no Python for the python3 structure tests"),
            "./bulwark run oci:out/python3-app:latest --arch amd64", new Expected(127, "/usr/bin/python3",
                    "fake packages have no interpreter"));

    @TempDir
    Path dir;
    private FakeArchive archive;
    private LocalRegistry registry;
    private TestKey key;

    @BeforeEach
    void start() throws Exception {
        Tools.require("docker-registry");
        key = TestKey.generate("Bulwark README Test <readme@example.invalid>");
        FakeArchive.Builder b = FakeArchive.builder(key).archs("amd64", "arm64");
        for (String arch : List.of("amd64", "arm64")) {
            b.add("trixie", "main", FakeDeb.builder("python3", "3.13.5-1", arch)
                    .field("Depends", "python3.13 (>= 3.13.5), libc6 (>= 2.38)").build());
            b.add("trixie", "main", FakeDeb.builder("python3.13", "3.13.5-2", arch).field("Depends", "libc6 (>= 2.38)")
                    .build());
            b.add("trixie", "main", FakeDeb.builder("libc6", "2.41-12", arch).field("Source", "glibc").build());
            b.add("trixie-security", "main", FakeDeb.builder("libc6", "2.41-12+deb13u1", arch).field("Source", "glibc")
                    .build());
            b.add("trixie", "main", FakeDeb.builder("base-files", "13.8", arch).build());
            b.add("trixie", "main", FakeDeb.builder("python3-yaml", "6.0.2-1", arch)
                    .field("Depends", "python3 (>= 3.13~), libyaml-0-2, libc6 (>= 2.14)").build());
            b.add("trixie", "main", FakeDeb.builder("libyaml-0-2", "0.2.5-2", arch).field("Depends", "libc6").build());
            for (String tool : List.of("dash", "coreutils", "findutils", "grep")) {
                b.add("trixie", "main", FakeDeb.builder(tool, "1.0-1", arch).field("Depends", "libc6").build());
            }
        }
        for (String name : List.of("ca-certificates", "tzdata", "media-types", "netbase")) {
            b.add("trixie", "main", FakeDeb.builder(name, "1.0-1", "all").build());
        }
        b.add("trixie-updates", "main", FakeDeb.builder("tzdata", "1.0-1+deb13u1", "all").build());
        archive = b.start();
        registry = LocalRegistry.start(dir.resolve("registry"));
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    void readme_everyShellCommandRunsAsWritten() throws Exception {
        Path work = checkout();
        List<String> failures = new ArrayList<>();
        List<String> commands = commands(Files.readString(Tools.projectRoot().resolve("README.md")));
        assertThat(commands).as("README commands").hasSizeGreaterThan(20);
        for (String command : commands) {
            if (command.startsWith("./mvnw ")) {
                continue;
            }
            if (command.startsWith("cosign ") && !onPath("cosign")) {
                Tools.require("cosign");
            }
            String line = command.replace(README_REGISTRY, registry.host());
            Ran ran = sh(work, line);
            Expected expected = EXPECTED.entrySet().stream().filter(e -> command.equals(e.getKey())
                    || e.getKey().endsWith(" --") && command.startsWith(e.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse(Expected.OK);
            System.out.println("$ " + line + "\n" + tail(ran.output) + "\n(exit " + ran.exitCode + ")");
            if (!expected.accepts(ran.exitCode) || !ran.output.contains(expected.output())) {
                failures.add("$ " + line + "\n  exit " + ran.exitCode + " (expected " + expected + "): "
                        + tail(ran.output));
            }
        }
        assertThat(failures).as("README commands that did not work").isEmpty();
    }

    /** The README's shell commands: {@code ```sh} blocks, comment lines dropped, continuations joined. */
    static List<String> commands(String readme) {
        List<String> out = new ArrayList<>();
        Matcher m = SH_BLOCK.matcher(readme);
        while (m.find()) {
            StringBuilder current = new StringBuilder();
            for (String raw : m.group(1).split("\n")) {
                String line = raw.strip();
                if (current.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
                    continue;
                }
                current.append(line);
                if (line.endsWith("\\")) {
                    current.setLength(current.length() - 1);
                    continue;
                }
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return out;
    }

    /** A working directory like a checkout: the launcher stand-in, the example specs, a tracker file. */
    private Path checkout() throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        
        Path examples = Files.createDirectories(work.resolve("examples"));
        Files.write(examples.resolve("archive.gpg"), key.publicKeyring());
        try (Stream<Path> specs = Files.list(Tools.projectRoot().resolve("examples"))) {
            for (Path spec : specs.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                String text = Files.readString(spec, StandardCharsets.UTF_8);
                Files.writeString(examples.resolve(spec.getFileName()), text.replaceFirst("(?m)^distribution: (.*)$",
                        "distribution: $1\nkeyrings: [archive.gpg]").replaceFirst("(?m)^base: (.*)$",
                        "base: $1\nkeyrings: [archive.gpg]"), StandardCharsets.UTF_8);
            }
        }
        // Customizations name a base, not a distribution: the fake archive's key goes after their base line.
        Path custom = Files.createDirectories(examples.resolve("custom/app"));
        Files.write(custom.resolveSibling("archive.gpg"), key.publicKeyring());
        try (Stream<Path> files = Files.walk(Tools.projectRoot().resolve("examples/custom"))) {
            // Sources and specs only: a module's build output (java-app/target) is not part of a checkout.
            for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/target/")).toList()) {
                Path to = examples.resolve(Tools.projectRoot().resolve("examples").relativize(f));
                Files.createDirectories(to.getParent());
                String text = Files.readString(f, StandardCharsets.UTF_8);
                Files.writeString(to, f.toString().endsWith(".yaml") && !f.getParent().endsWith("app")
                        ? text.replaceFirst("(?m)^base: (.*)$", "base: $1\nkeyrings: [archive.gpg]") : text,
                        StandardCharsets.UTF_8);
            }
        }
        Path tests = Files.createDirectories(examples.resolve("tests"));
        try (Stream<Path> files = Files.list(Tools.projectRoot().resolve("examples/tests"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, tests.resolve(f.getFileName()));
            }
        }
        Files.writeString(work.resolve("debian-tracker.json"), """
                {"python3.13": {"CVE-2099-1000": {"description": "fictional, for the README test",
                  "releases": {"trixie": {"status": "open", "repositories": {"trixie": "3.13.5-2"},
                  "urgency": "low"}}}}}
                """, StandardCharsets.UTF_8);
        Path launcher = work.resolve("bulwark");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return work;
    }

    private record Ran(int exitCode, String output) {
    }

    private Ran sh(Path work, String line) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", line).directory(work.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.put("BULWARK_MIRROR", archive.baseUrl().toString());
        env.remove("BULWARK_SECURITY_MIRROR");
        env.put("BULWARK_CACHE", dir.resolve("cache").toString());
        env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        env.remove("XDG_DATA_HOME"); // the catalog then lives under this HOME, never in the user's own
        env.remove("BULWARK_CATALOG");
        env.put("COSIGN_PASSWORD", "…");
        // 'advisories update' without --from reads this source (the real tracker is not reachable from tests).
        env.put("BULWARK_TRACKER_URL", dir.resolve("work/debian-tracker.json").toString());
        env.remove("SOURCE_DATE_EPOCH");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Ran(-1, out + "\n(timed out)");
        }
        return new Ran(p.exitValue(), out);
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String tail(String output) {
        String s = output.strip();
        return s.length() > 1500 ? "…" + s.substring(s.length() - 1500) : s;
    }
}
