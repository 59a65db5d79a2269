package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.testkit.LocalRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Build gates on the fake archive: a spec whose policy fails publishes nothing to the registry (no tag, no blob), and
 * with --allow-failed-gates the image is published with the failing policy report and the CTRF test report attached.
 */
class BuildGatesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private FakeArchiveCli fake;
    private LocalRegistry registry;

    @BeforeEach
    void start() throws Exception {
        Tools.require("docker-registry");
        fake = new FakeArchiveCli(dir);
        registry = LocalRegistry.start(dir.resolve("registry"));
        Files.writeString(dir.resolve("policy.yaml"), """
                custom:
                  - id: needs-ca-bundle
                    expression: files.exists(f, f.path == "/etc/ssl/certs/ca-certificates.crt")
                    message: the CA bundle is missing
                """);
        Files.writeString(dir.resolve("tests.yaml"), """
                schemaVersion: 2.0.0
                fileExistenceTests:
                  - { name: passwd, path: /etc/passwd, shouldExist: true }
                  - { name: tmp, path: /tmp, permissions: dtrwxrwxrwx }
                """);
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

    Path gatedSpec() throws Exception {
        return fake.spec("gated.yaml", """
                name: gated
                distribution: trixie
                archs: [amd64]
                keyrings: [archive.gpg]
                packages: [python3, tzdata]
                policy: policy.yaml
                tests: [tests.yaml]
                """);
    }

    @Test
    void failingGate_publishesNothingToTheRegistry() throws Exception {
        CliRun built = fake.run("build", gatedSpec().toString(), "--output", "docker://" + registry.host() + "/gated:1",
                "--insecure");
        assertThat(built.exitCode()).as(built.err()).isEqualTo(1);
        assertThat(built.err()).contains("gate policy failed: rules failed at deny: needs-ca-bundle")
                .contains("nothing was written");
        HttpResponse<String> tags = get("/v2/gated/tags/list");
        assertThat(tags.statusCode()).as(tags.body()).isEqualTo(404);
        assertThat(JSON.readTree(get("/v2/_catalog").body()).path("repositories")).isEmpty();
        Path storage = dir.resolve("registry/storage");
        try (Stream<Path> files = Files.exists(storage) ? Files.walk(storage) : Stream.empty()) {
            assertThat(files.filter(Files::isRegularFile)).as("no blob was uploaded").isEmpty();
        }
    }

    @Test
    void allowFailedGates_publishesWithTheFailureInTheAttachedReports() throws Exception {
        Path layout = dir.resolve("out");
        CliRun built = fake.run("build", gatedSpec().toString(), "--output", "oci:" + layout, "--allow-failed-gates");
        assertThat(built.exitCode()).as(built.err()).isZero();
        JsonNode policy = null;
        JsonNode ctrf = null;
        for (JsonNode statement : statements(layout)) {
            String type = statement.path("predicateType").asText();
            if (type.equals("https://bulwark.dev/attestations/policy-report/v1")) {
                policy = statement.path("predicate");
            } else if (type.equals("https://bulwark.dev/attestations/test-report/ctrf/v1")) {
                ctrf = statement.path("predicate");
            }
        }
        assertThat(policy).as("policy report attached").isNotNull();
        assertThat(policy.path("passed").asBoolean()).isFalse();
        assertThat(policy.path("reports").get(0).path("results").findValuesAsText("rule")).contains("needs-ca-bundle");
        assertThat(ctrf).as("CTRF report attached").isNotNull();
        assertThat(ctrf.path("reportFormat").asText()).isEqualTo("CTRF");
        assertThat(ctrf.at("/results/summary/tests").asInt()).isEqualTo(2);
    }

    /** Every in-toto statement stored in the layout (the gates' referrers are plain statements). */
    private static java.util.List<JsonNode> statements(Path layout) throws Exception {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        try (Stream<Path> blobs = Files.walk(layout.resolve("blobs/sha256"))) {
            for (Path b : blobs.filter(Files::isRegularFile).toList()) {
                if (Files.size(b) > 1 << 20) {
                    continue;
                }
                try {
                    JsonNode n = JSON.readTree(Files.readAllBytes(b));
                    if (n != null && "https://in-toto.io/Statement/v1".equals(n.path("_type").asText())) {
                        out.add(n);
                    }
                } catch (java.io.IOException notJson) {
                    // a layer or another binary blob
                }
            }
        }
        return out;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
