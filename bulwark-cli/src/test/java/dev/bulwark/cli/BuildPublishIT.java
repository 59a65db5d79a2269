package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.testkit.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * {@code bulwark build --output docker://…} on the fake archive into Debian's docker-registry: skopeo and oras read
 * the index, {@code bulwark copy} back to oci: keeps the digests, and with {@code --sign-key} from
 * {@code cosign generate-key-pair}, cosign 2.5 verifies the signature and the three attestations.
 */
class BuildPublishIT {

    @TempDir
    Path dir;
    private FakeArchiveCli fake;
    private LocalRegistry registry;

    @BeforeEach
    void start() throws Exception {
        Tools.require("docker-registry");
        fake = new FakeArchiveCli(dir);
        registry = LocalRegistry.start(dir.resolve("registry"));
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void build_pushesAMultiArchIndexThatSkopeoAndOrasReadAndCopyKeepsTheDigests() throws Exception {
        Tools.require("skopeo");
        Tools.require("oras");
        String ref = registry.host() + "/python3:1";
        CliRun built = fake.run("build", fake.pythonSpec().toString(), "--output", "docker://" + ref,
                "--format", "json");
        assertThat(built.exitCode()).as(built.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(built.out());
        String index = result.path("outputs").get(0).path("digest").asText();
        JsonNode inspect = new ObjectMapper().readTree(exec(Map.of(), "skopeo", "inspect", "--tls-verify=false", "--raw",
                "docker://" + ref));
        assertThat(inspect.path("manifests")).hasSize(2);
        assertThat(exec(Map.of(), "oras", "manifest", "fetch", "--plain-http", "--descriptor", ref)).contains(index);
        CliRun copy = FakeArchiveCli.runRaw("copy", "docker://" + ref, "oci:" + dir.resolve("back"));
        assertThat(copy.exitCode()).as(copy.err()).isZero();
        CliRun local = fake.run("build", fake.pythonSpec().toString(), "--output", "oci:" + dir.resolve("local"),
                "--format", "json");
        assertThat(new ObjectMapper().readTree(local.out()).path("outputs").get(0).path("digest").asText()).isEqualTo(index);
        assertThat(Files.readString(dir.resolve("back/index.json"))).contains(index);
    }

    @Test
    void build_signKeyFromCosignVerifiesInCosign() throws Exception {
        Tools.require("cosign");
        Map<String, String> env = Map.of("COSIGN_PASSWORD", "test-password");
        exec(env, dir, "cosign", "generate-key-pair");
        String ref = registry.host() + "/signed:1";
        List<String> args = List.of("build", fake.pythonSpec().toString(), "--arch", "amd64", "--output", "docker://" + ref,
                "--sign-key", dir.resolve("cosign.key").toString(), "--mirror", fake.archive.baseUrl().toString(),
                "--cache", fake.cache.toString());
        exec(env, null, javaCommand(args).toArray(String[]::new));
        String pub = dir.resolve("cosign.pub").toString();
        exec(Map.of(), "cosign", "verify", "--key", pub, "--insecure-ignore-tlog", "--allow-insecure-registry", ref);
        for (String type : List.of("slsaprovenance1", "spdxjson", "cyclonedx")) {
            exec(Map.of(), "cosign", "verify-attestation", "--key", pub, "--insecure-ignore-tlog", "--allow-insecure-registry",
                    "--type", type, ref);
        }
        CliRun verify = FakeArchiveCli.runRaw("verify", "docker://" + ref, "--key", pub);
        assertThat(verify.exitCode()).as(verify.err()).isZero();
    }

    private static String exec(Map<String, String> env, String... command) throws Exception {
        return exec(env, null, command);
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

    private static List<String> javaCommand(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        return cmd;
    }
}
