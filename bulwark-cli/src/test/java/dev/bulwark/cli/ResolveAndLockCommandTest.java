package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.testkit.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolveAndLockCommandTest {

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
    void resolve_printsTheClosureWithoutInstallTimeOnlyPackages() throws Exception {
        CliRun run = fake.run("resolve", fake.pythonSpec().toString(), "--arch", "amd64");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("python3 for amd64: 8 packages")
                .contains("libc6 2.41-12+deb13u1").contains("trixie-security")
                .contains("python3.13 Depends: libc6 (>= 2.38)")
                .contains("python3-minimal Pre-Depends: dpkg (>= 1.13.20)")
                .doesNotContain("  dpkg 1.22");
    }

    @Test
    void resolve_whyExplainsTheChainAsJson() throws Exception {
        CliRun run = fake.run("resolve", fake.pythonSpec().toString(), "--why", "libc6", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out());
        JsonNode why = root.path("archs").path("amd64").path("why");
        assertThat(why).extracting(n -> n.path("name").asText())
                .containsExactly("python3", "python3.13", "libc6");
        assertThat(why.get(2).path("reason").path("relation").asText()).isEqualTo("libc6 (>= 2.38)");
        assertThat(root.path("archs").path("arm64").path("packageCount").asInt()).isEqualTo(8);
        assertThat(root.path("excludedByDefault").has("dpkg")).isTrue();
    }

    @Test
    void lock_writesAByteIdenticalLockTwiceAndFetchesEveryDeb() throws Exception {
        Path spec = fake.pythonSpec();
        CliRun first = fake.run("lock", spec.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path lock = dir.resolve("python3.yaml.lock.json");
        byte[] bytes = Files.readAllBytes(lock);
        JsonNode root = new ObjectMapper().readTree(bytes);
        assertThat(root.path("archs").path("amd64")).hasSize(8);
        assertThat(root.path("archs").path("arm64")).hasSize(8);
        assertThat(root.path("spec").path("sha256").asText()).hasSize(64);
        assertThat(root.path("sourceDateEpoch").asLong()).isPositive();
        try (var debs = Files.list(fake.cache.resolve("debs/sha256"))) {
            assertThat(debs.filter(p -> !p.getFileName().toString().startsWith("."))).hasSize(15); // 7 per architecture plus tzdata (all), fetched once
        }
        CliRun second = fake.run("lock", spec.toString(), "--format", "json");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(Files.readAllBytes(lock)).isEqualTo(bytes);
        assertThat(new ObjectMapper().readTree(second.out()).path("changed").asBoolean()).isFalse();
        assertThat(new ObjectMapper().readTree(second.out()).path("fetch").path("downloaded").asInt()).isZero();
    }

    @Test
    void lock_unknownPackageIsBadInputWithSuggestions() throws Exception {
        Path spec = fake.spec("bad.yaml", """
                name: bad
                distribution: trixie
                keyrings: [archive.gpg]
                packages: [pyhton3]
                """);
        CliRun run = fake.run("lock", spec.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("pyhton3").contains("did you mean python3");
        assertThat(dir.resolve("bad.yaml.lock.json")).doesNotExist();
    }

    @Test
    void lock_tamperedInReleaseIsAnEnvironmentErrorAndWritesNothing() throws Exception {
        fake.archive.tamperInRelease("trixie-security");
        CliRun run = fake.run("lock", fake.pythonSpec().toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("cannot verify").contains("trixie-security");
        assertThat(dir.resolve("python3.yaml.lock.json")).doesNotExist();
    }

    @Test
    void lock_corruptDebIsAnEnvironmentErrorAndIsNeverCached() throws Exception {
        fake.archive.corruptDeb("zlib1g_1.3.dfsg-3_amd64.deb");
        CliRun run = fake.run("lock", fake.pythonSpec().toString());
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("SHA-256").contains("zlib1g");
        assertThat(dir.resolve("python3.yaml.lock.json")).doesNotExist();
    }

    @Test
    void lock_corruptIndexIsReported() throws Exception {
        fake.archive.corruptIndex("trixie", "main", "amd64", Compression.XZ);
        fake.archive.corruptIndex("trixie", "main", "amd64", Compression.GZIP);
        CliRun run = fake.run("lock", fake.pythonSpec().toString(), "--arch", "amd64");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("Packages.xz").contains("SHA-256");
    }

    @Test
    void lock_malformedSpecNamesFileAndLine() throws Exception {
        Path spec = fake.spec("broken.yaml", """
                name: broken
                distribution: trixie
                packages: [python3
                """);
        CliRun run = fake.run("lock", spec.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("broken.yaml:");
    }

    @Test
    void unknownOptionIsUsageError() {
        CliRun run = FakeArchiveCli.runRaw("lock", "--frobnicate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--help");
    }
}
