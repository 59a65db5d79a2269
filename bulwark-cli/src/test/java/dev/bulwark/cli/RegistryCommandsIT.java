package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.WriteResult;
import dev.bulwark.testkit.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bulwark copy} and {@code bulwark referrers} against Debian's docker-registry: results and exit codes. */
class RegistryCommandsIT {
    @TempDir
    static Path tmp;
    static LocalRegistry open;
    static LocalRegistry secured;
    static Path layout;
    static WriteResult written;


    @BeforeAll
    static void start() throws Exception {
        if (!LocalRegistry.available()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("docker-registry is not installed, and CI=true requires it (apt-get install -y docker-registry)");
            }
            Assumptions.abort("docker-registry is not installed; skipping (apt-get install -y docker-registry)");
        }
        open = LocalRegistry.start(tmp.resolve("open"));
        secured = LocalRegistry.start(tmp.resolve("secured"), "bob", "right");
        LayerWriter writer = new LayerWriter(tmp.resolve("work"), 1_700_000_000L, Compression.GZIP);
        List<dev.bulwark.oci.image.Image> images = new java.util.ArrayList<>();
        for (String arch : List.of("amd64", "arm64")) {
            Platform p = Platform.fromDebianArch(arch);
            var layer = writer.write(List.of(TarEntry.dir("/etc", 0755, 0, 0),
                    TarEntry.file("/etc/hello", 0644, ("hello " + arch + "\n").getBytes(StandardCharsets.UTF_8))));
            images.add(Images.assemble(ImageConfig.forPlatform(p), List.of(layer), Map.of()));
        }
        layout = tmp.resolve("layout");
        written = new LayoutSink(layout, "v1").write(new ImageWrite(images, Map.of()));
    }

    @AfterAll
    static void stop() {
        if (open != null) {
            open.close();
        }
        if (secured != null) {
            secured.close();
        }
    }

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void copy_layoutToRegistryAndBack_keepsTheIndexDigest() throws Exception {
        CliRun push = run("copy", "oci:" + layout + ":v1", open.host() + "/app:1", "--format", "json");
        assertThat(push.exitCode()).as(push.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(push.out());
        assertThat(json.path("digest").asText()).isEqualTo(written.digest().toString());
        assertThat(json.path("blobsCopied").asInt()).isEqualTo(4);

        CliRun again = run("copy", "oci:" + layout + ":v1", "docker://" + open.host() + "/app:1");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("0 blobs sent, 4 already there");

        Path back = tmp.resolve("back");
        CliRun pull = run("copy", "docker://" + open.host() + "/app:1", "oci:" + back + ":copied", "--format", "json");
        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(new ObjectMapper().readTree(pull.out()).path("digest").asText()).isEqualTo(written.digest().toString());
    }

    @Test
    void copy_malformedReference_exitsTwo() {
        CliRun r = run("copy", "oci:" + layout + ":v1", "docker://" + open.host() + "/Upper/Case:1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cannot parse image reference").contains("not a valid repository name");
    }

    @Test
    void copy_unknownRepository_exitsTwoNamingIt() {
        CliRun r = run("copy", open.host() + "/does/not-exist:1", "oci:" + tmp.resolve("never") + ":x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("does/not-exist:1").contains("no such image");
    }

    @Test
    void copy_wrongCredentials_exitsThreeAndLeavesNoTag() {
        CliRun wrong = run("copy", "oci:" + layout + ":v1", secured.host() + "/private:1", "--creds", "bob:wrong");
        assertThat(wrong.exitCode()).as(wrong.err()).isEqualTo(3);
        assertThat(wrong.err()).contains("wrong user name or password").doesNotContain("Exception");
        CliRun check = run("copy", secured.host() + "/private:1", "oci:" + tmp.resolve("none") + ":x", "--creds", "bob:right");
        assertThat(check.exitCode()).isEqualTo(2);
        CliRun right = run("copy", "oci:" + layout + ":v1", secured.host() + "/private:1", "--creds", "bob:right");
        assertThat(right.exitCode()).as(right.err()).isZero();
    }

    @Test
    void referrers_attachThenList_throughTheTagScheme() throws Exception {
        assertThat(run("copy", "oci:" + layout + ":v1", open.host() + "/signed:1").exitCode()).isZero();
        Path sbom = tmp.resolve("sbom.json");
        Files.writeString(sbom, "{\"spdxVersion\":\"SPDX-2.3\"}");
        CliRun attach = run("referrers", open.host() + "/signed:1", "--attach", sbom.toString(), "--artifact-type",
                "application/spdx+json", "--media-type", "application/spdx+json");
        assertThat(attach.exitCode()).as(attach.err()).isZero();
        assertThat(attach.out()).contains("attached sha256:").contains("1 referrer(s)");

        CliRun list = run("referrers", "docker://" + open.host() + "/signed:1", "--format", "json");
        assertThat(list.exitCode()).as(list.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(list.out());
        assertThat(json.path("subject").asText()).isEqualTo(written.digest().toString());
        assertThat(json.path("referrers").get(0).path("artifactType").asText()).isEqualTo("application/spdx+json");
        assertThat(json.path("referrers").get(0).path("annotations").path("org.opencontainers.image.title").asText())
                .isEqualTo("sbom.json");
    }
}
