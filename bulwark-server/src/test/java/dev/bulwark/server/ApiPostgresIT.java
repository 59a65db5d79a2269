package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.server.auth.Role;
import dev.bulwark.server.auth.Tokens;
import dev.bulwark.testkit.ThrowawayPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The API over a real PostgreSQL that is stopped mid-run (as a crash would stop it): every request then answers
 * 503 with Retry-After, reads and writes alike, and once the database is back the same server answers again,
 * with nothing lost.
 */
class ApiPostgresIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void postgresStoppedMidRun_is503WithRetryAfter_andTheServerRecoversWhenItIsBack() throws Exception {
        OpenApiDocument doc = new OpenApiDocument();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (ThrowawayPostgres pg = ThrowawayPostgres.startOrSkip()) {
            CatalogLocation location = CatalogLocation.parse(pg.url(pg.createDatabase()));
            CatalogDatabase db = CatalogDatabase.open(location, Duration.ofSeconds(5));
            Catalog catalog = new Catalog(db, Clock.systemUTC());
            Fleet.addImage(catalog, "python3");
            Fleet.addExposedBuild(catalog, "python3");
            Fleet.addImage(catalog, "node");
            String read = new Tokens(db, Clock.systemUTC(), new SecureRandom()).create(Role.READ, "dash").secret();
            String build = new Tokens(db, Clock.systemUTC(), new SecureRandom()).create(Role.BUILD, "ci").secret();
            try (BulwarkServer server = BulwarkServer.start(ServerConfig.of(new Listen("127.0.0.1", 0)), location,
                    Duration.ofSeconds(2), Clock.systemUTC(), new PrintStream(log, true, StandardCharsets.UTF_8))) {
                String api = server.apiUri().toString();
                assertThat(get(api + "/images", read).statusCode()).isEqualTo(200);
                HttpResponse<String> fleet = get(api + "/vulnerabilities", read);
                doc.check("GET /vulnerabilities", fleet);
                assertThat(JSON.readTree(fleet.body())).extracting(n -> n.get("id").asText())
                        .containsExactly("CVE-2026-0002", "CVE-2026-0003");
                long before = JSON.readTree(post(api + "/images/node/rebuild", build).body()).get("id").asLong();

                pg.stopServer();
                for (String path : new String[] {"/images", "/images/python3/vulnerabilities", "/vulnerabilities",
                        "/sla", "/health"}) {
                    HttpResponse<String> r = get(api + path, read);
                    doc.checkError(r, 503, "the catalog database is unavailable; try again later");
                    assertThat(r.headers().firstValue("Retry-After")).as(path).hasValue("5");
                    doc.check("GET " + path.replace("python3", "{name}"), r);
                }
                HttpResponse<String> refused = post(api + "/images/node/rebuild", build);
                doc.checkError(refused, 503, "the catalog database is unavailable");
                doc.check("POST /images/{name}/rebuild", refused);

                pg.startServer();
                HttpResponse<String> back = get(api + "/images/python3/vulnerabilities", read);
                assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
                assertThat(JSON.readTree(back.body()).get("affected").asInt()).isEqualTo(1);
                assertThat(get(api + "/health", null).statusCode()).isEqualTo(200);
                JsonNode status = JSON.readTree(get(api + "/rebuilds/" + before, read).body());
                assertThat(status.get("image").asText()).isEqualTo("node");
            }
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("the database server cannot be reached");
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
