package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.catalog.webhook.Signatures;
import dev.bulwark.catalog.webhook.WebhookSecret;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens and webhooks through the API: the rules of {@code bulwark tokens} and {@code catalog webhooks}. */
class ApiAdminTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    TestServer s;

    @BeforeEach
    void start() throws Exception {
        s = new TestServer(dir);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void aCreatedToken_isShownOnce_worksWithItsRole_andStopsWhenRevoked() throws Exception {
        HttpResponse<String> created = s.post("/tokens", s.admin, "{\"role\": \"build\", \"name\": \"ci\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        String secret = body.get("secret").asText();
        assertThat(body.get("token").get("role").asText()).isEqualTo("build");
        assertThat(s.post("/images/node/rebuild", secret, null).statusCode()).isEqualTo(202);
        assertThat(s.get("/tokens", secret).statusCode()).isEqualTo(403);

        String listed = s.get("/tokens", s.admin).body();
        assertThat(listed).contains("\"ci\"").doesNotContain(secret).doesNotContain(secret.substring(4, 20));
        assertThat(s.tokens.list()).anyMatch(t -> t.name().equals("ci"));
        assertThat(s.log.toString(StandardCharsets.UTF_8)).contains("ops created token ci").doesNotContain(secret);
        // Nothing on disk holds the secret: only its hash is stored.
        for (Path f : Files.walk(dir).filter(Files::isRegularFile).toList()) {
            assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        }

        HttpResponse<String> revoked = s.send("DELETE", "/tokens/ci", s.admin, null);
        assertThat(JSON.readTree(revoked.body()).get("revokedAt").isNull()).isFalse();
        HttpResponse<String> after = s.get("/images", secret);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
    }

    @Test
    void aTokenWithoutAName_getsRoleN_asTheCliNamesIt() throws Exception {
        JsonNode body = JSON.readTree(s.post("/tokens", s.admin, "{\"role\": \"read\"}").body());
        assertThat(body.get("token").get("name").asText()).isEqualTo("read-1");
        assertThat(body.get("secret").asText()).matches("bwk_[A-Za-z0-9_-]{43}");
    }

    @Test
    void tokenBodies_areChecked() throws Exception {
        assertThat(error(s.post("/tokens", s.admin, "{\"role\": "), 400)).contains("not a JSON object");
        assertThat(error(s.post("/tokens", s.admin, "{\"role\": \"read\", \"admin\": true}"), 400))
                .contains("unknown field 'admin'");
        assertThat(error(s.post("/tokens", s.admin, "{\"role\": \"root\"}"), 400)).contains("give read, build or admin");
        assertThat(error(s.post("/tokens", s.admin, "{\"role\": \"read\", \"name\": \"a b\"}"), 400))
                .contains("a name is 1 to 64 letters");
        assertThat(error(s.post("/tokens", s.admin, "{\"role\": \"read\", \"name\": \"ops\"}"), 409))
                .contains("a token of that name exists");
        assertThat(error(s.post("/tokens", s.build, "{\"role\": \"admin\"}"), 403)).contains("this needs admin");
    }

    @Test
    void aWebhook_getsItsSecretOnce_receivesASignedTestEvent_andIsRemoved() throws Exception {
        List<Map<String, String>> received = new CopyOnWriteArrayList<>();
        Map<String, byte[]> bodies = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/in", x -> {
            byte[] b = x.getRequestBody().readAllBytes();
            String id = x.getRequestHeaders().getFirst("webhook-id");
            received.add(Map.of("id", id, "timestamp", x.getRequestHeaders().getFirst("webhook-timestamp"),
                    "signature", x.getRequestHeaders().getFirst("webhook-signature")));
            bodies.put(id, b);
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/in";
            HttpResponse<String> added = s.post("/webhooks", s.admin, "{\"url\": \"" + url + "\", \"name\": \"ci\"}");
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            WebhookSecret secret = new WebhookSecret(JSON.readTree(added.body()).get("secret").asText());
            assertThat(s.get("/webhooks", s.admin).body()).contains("\"ci\"").doesNotContain(secret.value())
                    .doesNotContain("secret\"");

            JsonNode report = JSON.readTree(s.post("/webhooks/ci/test", s.admin, null).body());
            assertThat(report.get("delivered").asInt()).isEqualTo(1);
            assertThat(received).hasSize(1);
            Map<String, String> h = received.get(0);
            assertThat(h.get("signature")).isEqualTo(Signatures.header(h.get("id"), Long.parseLong(h.get("timestamp")),
                    bodies.get(h.get("id")), List.of(secret)));

            assertThat(s.send("DELETE", "/webhooks/ci", s.admin, null).statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(s.get("/webhooks", s.admin).body())).isEmpty();
            assertThat(error(s.post("/webhooks/ci/test", s.admin, null), 404)).contains("ci");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void webhookBodies_areChecked() throws Exception {
        assertThat(error(s.post("/webhooks", s.admin, "{}"), 400)).contains("url is missing");
        assertThat(error(s.post("/webhooks", s.admin, "{\"url\": \"http://user:pw@example.org/x\"}"), 400))
                .contains("carries no credentials");
        assertThat(error(s.post("/webhooks", s.admin, "{\"url\": \"https://example.org/x\", \"events\": \"all\"}"), 400))
                .contains("events is a list");
        assertThat(error(s.post("/webhooks", s.admin, "{\"url\": \"https://example.org/x\", \"events\": [\"Bad Type\"]}"),
                400)).contains("is not an event type");
        assertThat(error(s.get("/webhooks", s.build), 403)).contains("this needs admin");
    }

    private static String error(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.get("status").asInt()).isEqualTo(status);
        return n.get("error").asText();
    }
}
