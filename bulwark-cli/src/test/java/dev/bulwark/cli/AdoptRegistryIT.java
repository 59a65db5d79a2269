package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.oci.image.Image;
import dev.bulwark.testkit.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'bulwark adopt' with real clients: a base built and signed into docker-registry with a key from
 * {@code cosign generate-key-pair}, an image built on it handed over as a docker-archive (made here without Docker:
 * the base's layers plus one), adopted into the registry with the same key — and cosign 2.5 verifies the adopted
 * image's signature and its SBOM and provenance attestations.
 */
class AdoptRegistryIT {
    private static final Map<String, String> PASSWORD = Map.of("COSIGN_PASSWORD", "test-password");

    @TempDir
    Path dir;
    private FakeArchiveCli fake;
    private LocalRegistry registry;

    @BeforeEach
    void start() throws Exception {
        Tools.require("docker-registry");
        Tools.require("cosign");
        fake = new FakeArchiveCli(dir);
        registry = LocalRegistry.start(dir.resolve("registry"));
    }

    @AfterEach
    void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void adopt_dockerArchiveOnASignedRegistryBase_isVerifiedByCosign() throws Exception {
        exec(PASSWORD, dir, "cosign", "generate-key-pair");
        String key = dir.resolve("cosign.key").toString();
        String pub = dir.resolve("cosign.pub").toString();
        String base = registry.host() + "/python3:1";
        exec(PASSWORD, null, javaCommand("build", fake.pythonSpec().toString(), "--arch", "amd64", "--output",
                "docker://" + base, "--sign-key", key, "--mirror", fake.archive.baseUrl().toString(), "--cache",
                fake.cache.toString()));
        Image baseImage = AdoptCommandTest.image("docker://" + base);
        Path archive = dir.resolve("app.tar");
        AdoptCommandTest.write(AdoptCommandTest.derived(dir, baseImage, baseImage.layers()),
                "docker-archive:" + archive + ":app:1");

        String app = registry.host() + "/app:1";
        String out = exec(PASSWORD, null, javaCommand("adopt", "docker-archive:" + archive, "--base",
                "docker://" + base, "--base-key", pub, "--sign-key", key, "--output", "docker://" + app,
                "--no-scan"));
        assertThat(out).contains("adopted docker://" + app).contains("then 1 added").contains("signed");

        exec(Map.of(), null, "cosign", "verify", "--key", pub, "--insecure-ignore-tlog", "--allow-insecure-registry",
                app);
        for (String type : List.of("slsaprovenance1", "spdxjson", "cyclonedx")) {
            String verified = exec(Map.of(), null, "cosign", "verify-attestation", "--key", pub,
                    "--insecure-ignore-tlog", "--allow-insecure-registry", "--type", type, app);
            assertThat(verified).isNotBlank();
        }
        Image adopted = AdoptCommandTest.image("docker://" + app);
        int n = baseImage.manifest().layers().size();
        assertThat(adopted.manifest().layers().subList(0, n)).isEqualTo(baseImage.manifest().layers());
    }

    private static String exec(Map<String, String> env, Path cwd, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }

    private static String[] javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }
}
