package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default: {@code bulwark serve} on an SQLite catalog, no other process. A rebuild asked for through
 * the API is built by the server's in-process worker, a second request while the first is open is merged into it,
 * and {@code GET /api/v1/rebuilds/{id}} follows the real state to its outcome and log.
 */
class ServeWorkerIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void postedRebuild_isBuiltByTheInProcessWorker_andASecondPostIsMergedIntoIt() throws Exception {
        try (WatchScenario s = new WatchScenario(dir, dir.resolve("catalog.db").toString())) {
            assertThat(s.addImages()).allSatisfy(r -> assertThat(r.exitCode()).as(r.err()).isZero());
            s.securityUpdate(Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
            CliRun token = CliRun.of("tokens", "create", "--role", "build", "--name", "ci", "--catalog", s.catalog);
            assertThat(token.exitCode()).as(token.err()).isZero();
            String secret = token.out().strip();
            Process p = new ProcessBuilder(Processes.javaCommand("serve", "--listen", "127.0.0.1:0", "--catalog",
                    s.catalog, "--mirror", s.archive.baseUrl().toString(), "--cache", dir.resolve("cache").toString()))
                    .redirectError(dir.resolve("serve.err").toFile()).start();
            try {
                String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                assertThat(line).as(Files.readString(dir.resolve("serve.err"))).startsWith("serving http://127.0.0.1:")
                        .contains("building queued rebuilds in-process");
                URI api = URI.create(line.split(" ")[1]);
                JsonNode first = post(api, secret, "CVE-2099-2222 fixed");
                JsonNode second = post(api, secret, "asked again");
                assertThat(first.get("merged").asBoolean()).isFalse();
                assertThat(second.get("merged").asBoolean()).isTrue();
                assertThat(second.get("id").asLong()).isEqualTo(first.get("id").asLong());
                JsonNode done = awaitEnd(api, secret, first.get("id").asLong());
                assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("done");
                assertThat(done.get("outcome").asText()).isEqualTo("published");
                assertThat(done.get("build").asInt()).isEqualTo(2);
                assertThat(done.get("attempts").asInt()).isEqualTo(1);
                assertThat(done.get("reason").asText()).isEqualTo("CVE-2099-2222 fixed");
                assertThat(done.get("log").toString()).contains("Re-locking a").contains("published: build 2");
                assertThat(done.has("startedAt") && done.has("finishedAt") && done.has("worker")).isTrue();
                CliRun history = s.read("catalog", "history", "a");
                assertThat(history.out()).as(history.err()).contains("CVE-2099-2222 fixed");
            } finally {
                p.destroy();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
            }
        }
    }

    private static JsonNode post(URI api, String token, String reason) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/images/a/rebuild"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"" + reason + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body());
    }

    private static JsonNode awaitEnd(URI api, String token, long id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(api + "/rebuilds/" + id)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode n = JSON.readTree(r.body());
            if (!n.get("state").asText().matches("queued|running")) {
                return n;
            }
            assertThat(System.nanoTime()).as("rebuild " + id + " ends: " + n).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
