package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.server.rebuild.RebuildRequest;
import dev.bulwark.server.rebuild.RebuildRequests;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.store.Catalog;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each refusal the API makes, with its status, its JSON error and the headers a client acts on. */
class ApiErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static TestServer s;
    static OpenApiDocument doc;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(dir);
        doc = new OpenApiDocument();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void noToken_is401WithABearerChallenge() throws Exception {
        HttpResponse<String> r = s.get("/images", null);
        assertError(r, 401, "no token given");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"bulwark\"");
        doc.check("GET /images", r);
    }

    @Test
    void wrongToken_is401NamingInvalidToken() throws Exception {
        HttpResponse<String> r = s.get("/images", "bwk_" + "A".repeat(43));
        assertError(r, 401, "the token is not valid");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
    }

    @Test
    void anotherScheme_is401() throws Exception {
        HttpResponse<String> r = s.send("GET", "/images", null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.server.apiUri() + "/images"))
                .header("Authorization", "Basic dXNlcjpwYXNz").build();
        HttpResponse<String> basic = java.net.http.HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString());
        assertError(basic, 401, "is not 'Bearer TOKEN'");
    }

    @Test
    void revokedToken_is401() throws Exception {
        String secret = s.tokens.create(dev.bulwark.server.auth.Role.ADMIN, "short-lived").secret();
        assertThat(s.get("/images", secret).statusCode()).isEqualTo(200);
        s.tokens.revoke("short-lived");
        assertError(s.get("/images", secret), 401, "unknown or revoked");
    }

    @Test
    void readToken_postingARebuild_is403AndRecordsNothing() throws Exception {
        HttpResponse<String> r = s.post("/images/python3/rebuild", s.read, null);
        assertError(r, 403, "token ci-read has role read; this needs build");
        assertThat(rebuilds().queued()).noneMatch(q -> q.requestedBy().equals("ci-read"));
    }

    @Test
    void buildToken_postingARebuild_records202WithItsLocation() throws Exception {
        HttpResponse<String> r = s.post("/images/node/rebuild", s.build, "{\"reason\": \"CVE-2026-0002 fixed\"}");
        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(r.body());
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/rebuilds/" + body.get("id").asLong());
        List<RebuildRequest> queued = rebuilds().queued();
        assertThat(queued).anySatisfy(q -> {
            assertThat(q.id()).isEqualTo(body.get("id").asLong());
            assertThat(q.image()).isEqualTo("node");
            assertThat(q.reason()).isEqualTo("CVE-2026-0002 fixed");
            assertThat(q.requestedBy()).isEqualTo("ci-build");
        });
        assertThat(s.get("/rebuilds/" + body.get("id").asLong(), s.read).body()).contains("\"state\":\"queued\"");
    }

    @Test
    void imageList_showsWhatIsCataloguedAfterTheServerStarted() throws Exception {
        assertThat(s.get("/images", s.read).body()).doesNotContain("\"ruby\"");
        Catalog catalog = new Catalog(CatalogDatabase.open(new CatalogLocation.SqliteFile(s.db), Duration.ofSeconds(5)),
                Clock.systemUTC());
        Fleet.addImage(catalog, "ruby");
        assertThat(s.get("/images", s.read).body()).contains("\"name\" : \"ruby\"");
    }

    @Test
    void malformedJson_is400() throws Exception {
        assertError(s.post("/images/python3/rebuild", s.build, "{\"reason\": "), 400, "not a JSON object");
        assertError(s.post("/images/python3/rebuild", s.build, "[1, 2]"), 400, "not a JSON object");
        assertError(s.post("/images/python3/rebuild", s.build, "{\"reason\": 7}"), 400, "reason is a non-empty string");
        assertError(s.post("/images/python3/rebuild", s.build, "{\"why\": \"x\"}"), 400, "unknown field 'why'");
    }

    @Test
    void oversizedBody_is413() throws Exception {
        String big = "{\"reason\": \"" + "x".repeat(64 * 1024) + "\"}";
        HttpResponse<String> r = s.post("/images/python3/rebuild", s.build, big);
        assertError(r, 413, "larger than 65536 bytes");
        doc.check("POST /images/{name}/rebuild", r);
    }

    @Test
    void unknownImage_is404() throws Exception {
        assertError(s.get("/images/nope", s.read), 404, "image nope is not catalogued");
        assertError(s.get("/images/nope/packages", s.read), 404, "image nope is not catalogued");
        assertError(s.post("/images/nope/rebuild", s.build, null), 404, "image nope is not catalogued");
    }

    @Test
    void unknownRoute_is404_andAWrongMethod405_inJson() throws Exception {
        assertError(s.get("/nothing-here", s.read), 404, "there is no GET /api/v1/nothing-here");
        HttpResponse<String> wrongMethod = s.send("DELETE", "/images/python3", s.admin, null);
        assertError(wrongMethod, 405, "DELETE is not allowed on /api/v1/images/python3");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void rateLimit_is429PerTokenWithRetryAfter(@TempDir Path own) throws Exception {
        try (TestServer limited = new TestServer(own, ServerConfig.of(new Listen("127.0.0.1", 0)).withRate(0.5, 3))) {
            for (int i = 0; i < 3; i++) {
                assertThat(limited.get("/images", limited.read).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> r = limited.get("/images", limited.read);
            assertError(r, 429, "too many requests from ci-read");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
            doc.check("GET /images", r);
            // The bucket is the token's: another token is still served.
            assertThat(limited.get("/images", limited.admin).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anonymousReads_onlyWhenAllowed_andNeverWrites(@TempDir Path own) throws Exception {
        assertThat(s.get("/images/python3", null).statusCode()).isEqualTo(401);
        try (TestServer open = new TestServer(own, ServerConfig.of(new Listen("127.0.0.1", 0)).withAnonymousRead(true))) {
            assertThat(open.get("/images/python3", null).statusCode()).isEqualTo(200);
            assertError(open.post("/images/python3/rebuild", null, null), 401, "no token given");
            assertError(open.get("/images", "bwk_wrong"), 401, "the token is not valid");
        }
    }

    private static RebuildRequests rebuilds() throws Exception {
        CatalogDatabase db = CatalogDatabase.open(new CatalogLocation.SqliteFile(s.db), Duration.ofSeconds(5));
        return new RebuildRequests(db, Clock.systemUTC());
    }

    private static void assertError(HttpResponse<String> r, int status, String message) throws Exception {
        doc.checkError(r, status, message);
    }
}
