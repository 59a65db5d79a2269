package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.testkit.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulwark's own image (deploy/image/bulwark.yaml) from its committed lock on the live archive: the java base spec
 * beside it, built from its own lock, plus the CLI this reactor just packaged as target/image (the thin jar and lib/).
 * Published signed to a local registry; the real cosign verifies the signature and the provenance and SBOM
 * attestations, and both SBOMs name every runtime library Maven resolved, with its version; {@code bulwark run}
 * starts the image's entrypoint in the sandbox and it prints this build's version as user bulwark, not root.
 */
class OwnImageIT {
    private static final String PASSWORD = "own-image-test";

    @TempDir
    static Path dir;
    static LocalRegistry registry;
    static String ref;
    static JsonNode built;

    @BeforeAll
    static void build() throws Exception {
        Tools.require("docker-registry");
        Tools.require("cosign");
        Path cli = Tools.projectRoot().resolve("bulwark-cli/target/image");
        assertThat(cli.resolve("bulwark.jar")).as("Maven's package phase writes target/image before this IT (verify)")
                .isRegularFile();
        Path image = Files.createDirectories(dir.resolve("image/target"));
        for (String f : List.of("bulwark.yaml", "bulwark.yaml.lock.json", "java.yaml", "java.yaml.lock.json")) {
            Files.copy(Tools.projectRoot().resolve("deploy/image/" + f), dir.resolve("image/" + f));
        }
        OwnImagePackagingIT.copyTree(cli, image.resolve("image"));
        Processes.exec(Map.of("COSIGN_PASSWORD", PASSWORD), dir, "cosign", "generate-key-pair");
        registry = LocalRegistry.start(dir.resolve("registry"));
        ref = registry.host() + "/bulwark:test";
        ProcessBuilder pb = new ProcessBuilder(Processes.javaCommand("build", dir.resolve("image/bulwark.yaml").toString(),
                "--output", "docker://" + ref, "--sign-key", dir.resolve("cosign.key").toString(),
                "--cache", Tools.liveCache().toString(), "--format", "json"))
                .redirectError(dir.resolve("build.err").toFile());
        pb.environment().put("COSIGN_PASSWORD", PASSWORD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(900, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("build.err"));
        if (p.exitValue() == 3 && err.contains("cannot fetch")) {
            Tools.missing("the Debian archive is not reachable: " + err);
        }
        assertThat(p.exitValue()).as(err).isZero();
        built = new ObjectMapper().readTree(out);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void cosign_verifiesTheSignatureTheProvenanceAndTheSboms() throws Exception {
        String pub = dir.resolve("cosign.pub").toString();
        String index = built.path("outputs").get(0).path("digest").asText();
        assertThat(index).startsWith("sha256:");
        String verified = cosign("verify", "--key", pub, ref);
        assertThat(verified).contains("\"docker-manifest-digest\":\"" + index + "\"");
        assertThat(payload(cosign("verify-attestation", "--key", pub, "--type", "slsaprovenance1", ref)))
                .contains("https://slsa.dev/provenance/v1").contains("bulwark.yaml.lock.json").contains(index.substring(7));
        // The SBOMs list the CLI and its Maven dependencies beside the JRE's Debian packages.
        for (String type : List.of("cyclonedx", "spdxjson")) {
            assertThat(payload(cosign("verify-attestation", "--key", pub, "--type", type, ref))).as(type)
                    .contains("pkg:maven/dev.bulwark/bulwark-cli@").contains("pkg:deb/debian/openjdk-21-jre-headless@")
                    .contains("/opt/bulwark/bulwark.jar");
        }
    }

    @Test
    void sboms_nameEveryRuntimeLibraryWithTheVersionMavenResolved() throws Exception {
        String pub = dir.resolve("cosign.pub").toString();
        List<OwnImagePackagingIT.Dependency> resolved = OwnImagePackagingIT.resolvedDependencies();
        assertThat(resolved).extracting(OwnImagePackagingIT.Dependency::artifact).contains("bcprov-jdk18on", "picocli",
                "sqlite-jdbc", "postgresql", "jackson-databind");
        for (String type : List.of("cyclonedx", "spdxjson")) {
            String sbom = payload(cosign("verify-attestation", "--key", pub, "--type", type, ref));
            for (OwnImagePackagingIT.Dependency d : resolved) {
                assertThat(sbom).as(type + " names " + d.purl()).contains("\"" + d.purl() + "\"")
                        .contains("/opt/bulwark/lib/" + d.file());
            }
        }
    }

    @Test
    void run_printsThisBuildsVersionAsUserBulwarkNotRoot() throws Exception {
        Tools.require("bwrap");
        String expected = CliRun.of("--version").out().strip();
        assertThat(expected).startsWith("bulwark ");
        assertThat(run("docker://" + ref, "--arch", "amd64", "--", "--version").lines()).contains(expected);
        // The JVM names the user it runs as (getpwuid of its uid in the image's /etc/passwd: bulwark is 10001 only).
        String settings = run("docker://" + ref, "--arch", "amd64", "-e", "JDK_JAVA_OPTIONS=-XshowSettings:properties",
                "--", "--version");
        assertThat(settings).contains("user.name = bulwark").contains("user.home = /home/bulwark")
                .contains("user.dir = /var/lib/bulwark").doesNotContain("user.name = root").contains(expected);
    }

    @Test
    void config_runsAs10001WithTheCliAsEntrypointOnEveryPlatform() throws Exception {
        CliRun inspect = FakeArchiveCli.runRaw("inspect", "docker://" + ref, "--format", "json");
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        JsonNode images = new ObjectMapper().readTree(inspect.out()).path("images");
        assertThat(images).hasSize(2);
        for (JsonNode image : images) {
            assertThat(image.path("user").asText()).isEqualTo("10001:10001");
            assertThat(image.path("entrypoint").get(0).asText()).isEqualTo("/usr/bin/java");
            assertThat(image.path("entrypoint").get(image.path("entrypoint").size() - 1).asText())
                    .isEqualTo("/opt/bulwark/bulwark.jar");
            assertThat(image.path("env").toString()).contains("BULWARK_CACHE=/var/cache/bulwark");
            assertThat(image.path("annotations").path("org.opencontainers.image.base.name").asText()).isEqualTo("java.yaml");
        }
    }

    private static String cosign(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("cosign"));
        cmd.addAll(List.of(args));
        cmd.addAll(1, List.of("--insecure-ignore-tlog", "--allow-insecure-registry"));
        return Processes.exec(Map.of(), null, cmd.toArray(String[]::new));
    }

    /** The decoded in-toto statements of cosign verify-attestation's output (one DSSE envelope a line). */
    private static String payload(String cosignOut) throws Exception {
        StringBuilder all = new StringBuilder();
        for (String line : cosignOut.lines().filter(l -> l.startsWith("{")).toList()) {
            String b64 = new ObjectMapper().readTree(line).path("payload").asText();
            all.append(new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8)).append('\n');
        }
        assertThat(all).as(cosignOut).isNotEmpty();
        return all.toString();
    }

    /** {@code bulwark run ARGS} in a child JVM (the sandbox's process handling wants its own), stdout and stderr. */
    private static String run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(args));
        Process p = new ProcessBuilder(Processes.javaCommand(all.toArray(String[]::new))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
