package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} and {@code test} on an image built from the fake archive: exit 0, 1 and 2 and what they print. */
class CheckAndTestCommandTest {
    @TempDir
    Path dir;
    private FakeArchiveCli fake;
    private Path image;

    @BeforeEach
    void build() throws Exception {
        fake = new FakeArchiveCli(dir);
        image = dir.resolve("img");
        CliRun built = fake.run("build", fake.pythonSpec().toString(), "--arch", "amd64", "--output", "oci:" + image);
        assertThat(built.exitCode()).as(built.err()).isZero();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void check_builtImagePassesTheDefaults() throws Exception {
        CliRun r = CliRun.of("check", "oci:" + image, "--format", "json");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).path("passed").asBoolean()).isTrue();
    }

    @Test
    void check_failingCelRuleExitsOne() throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "custom:\n  - id: has-curl\n    expression: packages.exists(p, p.name == 'curl')\n"
                + "    message: curl is required\n");
        CliRun r = CliRun.of("check", "oci:" + image, "--policy", policy.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL  has-curl").contains("curl is required");
    }

    @Test
    void check_malformedPolicyExitsTwoNamingTheLine() throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "rules:\n  no-shell: deny\n  no-such-rule: warn\n");
        CliRun r = CliRun.of("check", "oci:" + image, "--policy", policy.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("policy.yaml:3").contains("unknown rule 'no-such-rule'");
    }

    @Test
    void test_failingAssertionExitsOneNamingIt_andBadRegexExitsTwo() throws Exception {
        Path tests = dir.resolve("tests.yaml");
        Files.writeString(tests, "schemaVersion: 2.0.0\nfileExistenceTests:\n  - { name: passwd, path: /etc/passwd }\n"
                + "  - { name: shell, path: /bin/sh }\n");
        CliRun r = CliRun.of("test", "oci:" + image, "--config", tests.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("=== RUN: File Existence Test: shell\n--- FAIL\nError: File /bin/sh should exist but does not");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "schemaVersion: 2.0.0\nfileContentTests:\n  - name: x\n    path: /etc/passwd\n"
                + "    expectedContents: ['[unclosed']\n");
        CliRun b = CliRun.of("test", "oci:" + image, "--config", bad.toString());
        assertThat(b.exitCode()).isEqualTo(2);
        assertThat(b.err()).contains("bad.yaml:5").contains("invalid regular expression '[unclosed'");
    }
}
