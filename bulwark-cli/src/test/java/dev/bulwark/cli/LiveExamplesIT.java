package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every example spec locks and builds (amd64) against the live archive; the Java image runs and trusts the CAs; every
 * example passes its structure tests in examples/tests/ and the built-in policy (no false alarms), and a test that
 * expects what an image lacks fails naming its assertion.
 */
class LiveExamplesIT {

    @TempDir
    static Path dir;

    private static Path build(String example) throws Exception {
        Files.copy(Tools.projectRoot().resolve("examples/" + example + ".yaml"), dir.resolve(example + ".yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRun built = FakeArchiveCli.runRaw("build", dir.resolve(example + ".yaml").toString(), "--arch", "amd64",
                "--output", "oci:" + dir.resolve(example), "--cache", dir.resolve("cache").toString());
        if (built.exitCode() == 3 && built.err().contains("cannot fetch")) {
            Tools.missing("the Debian archive is not reachable: " + built.err());
        }
        assertThat(built.exitCode()).as(built.err()).isZero();
        return dir.resolve(example);
    }

    @ParameterizedTest
    @ValueSource(strings = {"static", "base", "cc"})
    void example_buildsAndHoldsWhatItsNameSays(String example) throws Exception {
        build(example);
        CliRun inspect = FakeArchiveCli.runRaw("inspect", "oci:" + dir.resolve(example), "--format", "json");
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        List<String> packages = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(inspect.out()).path("images").get(0).path("packages")
                .forEach(p -> packages.add(p.path("name").asText()));
        assertThat(packages).contains("base-files", "ca-certificates", "tzdata").doesNotContain("dpkg", "bash", "dash");
        if (example.equals("static")) {
            assertThat(packages).doesNotContain("libc6");
        } else {
            assertThat(packages).contains("libc6");
        }
        if (example.equals("cc")) {
            assertThat(packages).contains("libstdc++6");
        }
    }

    @Test
    void java_runsAndTrustsTheDebianCaCertificates() throws Exception {
        Tools.require("bwrap");
        Path image = build("java");
        assertThat(exec("run", "oci:" + image, "--entrypoint", "/usr/bin/java", "--", "-version")).contains("openjdk version \"21");
        String store = exec("run", "oci:" + image, "--entrypoint", "keytool", "--", "-list", "-cacerts", "-storepass", "changeit");
        assertThat(store.lines().filter(l -> l.contains("trustedCertEntry")).count()).isGreaterThan(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"static", "base", "cc", "python3", "java"})
    void example_passesItsStructureTestsAndTheBuiltInPolicy(String example) throws Exception {
        Tools.require("bwrap");
        Path image = build(example);
        List<String> args = new ArrayList<>(List.of("test", "oci:" + image, "--format", "json"));
        Path tests = Tools.projectRoot().resolve("examples/tests");
        try (var files = Files.list(tests)) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                if (n.equals("common.yaml") || n.equals(example + ".yaml") || n.startsWith(example + "-")) {
                    args.addAll(List.of("--config", f.toString()));
                }
            }
        }
        CliRun tested = FakeArchiveCli.runRaw(args.toArray(String[]::new));
        assertThat(tested.exitCode()).as(tested.out() + tested.err()).isZero();
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tested.out());
        assertThat(report.path("Fail").asInt()).isZero();
        assertThat(report.path("Total").asInt()).isGreaterThan(15);
        CliRun checked = FakeArchiveCli.runRaw("check", "oci:" + image, "--format", "json");
        assertThat(checked.exitCode()).as(checked.out() + checked.err()).isZero();
        var policy = new com.fasterxml.jackson.databind.ObjectMapper().readTree(checked.out());
        assertThat(policy.path("passed").asBoolean()).isTrue();
        policy.path("results").forEach(r -> {
            if (!r.path("rule").asText().equals("signed-and-attested")) {
                assertThat(r.path("violations")).as(r.path("rule").asText()).isEmpty();
            }
        });
    }

    @Test
    void brokenExpectation_failsNamingTheAssertion() throws Exception {
        Path image = build("static");
        Path broken = dir.resolve("broken-tests.yaml");
        Files.writeString(broken, """
                schemaVersion: 2.0.0
                fileExistenceTests:
                  - name: a shell (the static image has none)
                    path: /bin/sh
                    shouldExist: true
                """);
        CliRun tested = FakeArchiveCli.runRaw("test", "oci:" + image, "--config", broken.toString(), "--format", "junit");
        assertThat(tested.exitCode()).isEqualTo(1);
        assertThat(tested.out()).contains("<testcase name=\"File Existence Test: a shell (the static image has none)\"")
                .contains("<failure>File /bin/sh should exist but does not</failure>");
    }

    private static String exec(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
