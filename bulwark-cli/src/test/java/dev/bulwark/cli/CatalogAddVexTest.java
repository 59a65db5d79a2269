package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.Listen;
import dev.bulwark.server.ServerConfig;
import dev.bulwark.server.auth.Role;
import dev.bulwark.server.auth.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code catalog add --vex} on the testkit's fake archive: the image keeps its VEX documents, each build's scan
 * applies them, and the API's vulnerabilities view shows every finding's VEX status, the suppressed ones included.
 */
class CatalogAddVexTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACKER = """
            {"tzdata": {"CVE-2099-0042": {"releases": {"trixie": {"status": "open", "urgency": "high",
              "repositories": {"trixie": "2025b-4"}}}}},
             "python3": {"CVE-2099-0043": {"releases": {"trixie": {"status": "open", "urgency": "medium",
              "repositories": {"trixie": "3.13.5-1"}}}}}}
            """;
    private static final String VEX = """
            {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.test/vex/python3-1",
             "author": "Bulwark tests", "timestamp": "2026-11-30T12:00:00Z", "version": 1,
             "statements": [
              {"vulnerability": {"name": "CVE-2099-0043"}, "products": [{"@id": "pkg:deb/debian/python3"}],
               "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"},
              {"vulnerability": {"name": "CVE-2099-0042"}, "products": [{"@id": "pkg:deb/debian/tzdata"}],
               "status": "under_investigation", "impact_statement": "checking whether zone data is read"}]}
            """;

    @TempDir
    Path dir;
    FakeArchiveCli fake;
    String db;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeArchiveCli(dir);
        db = dir.resolve("catalog.db").toString();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void add_withVex_recordsEachFindingsStatus_andTheApiShowsTheSuppressedOne_andLaterBuildsKeepTheDocuments()
            throws Exception {
        Path tracker = Files.writeString(dir.resolve("tracker.json"), TRACKER);
        Path vex = Files.writeString(dir.resolve("python3.openvex.json"), VEX);
        Path spec = fake.pythonSpec();
        CliRun add = fake.run("catalog", "add", spec.toString(), "--catalog", db, "--publish", "oci:" + dir.resolve("py"),
                "--advisories", tracker.toString(), "--vex", vex.toString());
        assertThat(add.exitCode()).as(add.err()).isZero();
        // The scan summary counts what VEX left: tzdata's high finding, not python3's suppressed medium one.
        JsonNode scan = JSON.readTree(CliRun.of("catalog", "show", "python3", "--catalog", db, "--format", "json").out())
                .get("current").get("scan");
        assertThat(scan.get("high").asInt()).isEqualTo(1);
        assertThat(scan.get("medium").asInt()).isZero();
        assertImageVulnerabilities(1);

        // A later build (as a watch rebuild, no --vex given) applies the documents the image keeps.
        CliRun again = fake.run("catalog", "add", spec.toString(), "--catalog", db, "--advisories", tracker.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertImageVulnerabilities(2);
    }

    @Test
    void add_withAVexFileThatIsNotOpenVex_isBadInput_andBuildsNothing() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"statements\": []}");
        CliRun add = fake.run("catalog", "add", fake.pythonSpec().toString(), "--catalog", db, "--publish",
                "oci:" + dir.resolve("py"), "--vex", bad.toString());
        assertThat(add.exitCode()).isEqualTo(2);
        assertThat(add.err()).contains("cannot read VEX document " + bad).contains("not OpenVEX");
        assertThat(dir.resolve("py")).doesNotExist();
    }

    private void assertImageVulnerabilities(int build) throws Exception {
        CatalogLocation location = new CatalogLocation.SqliteFile(Path.of(db));
        CatalogDatabase database = CatalogDatabase.open(location, Duration.ofSeconds(5));
        String token = new Tokens(database, Clock.systemUTC(), new SecureRandom()).create(Role.READ, "vex-test-" + build)
                .secret();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BulwarkServer server = BulwarkServer.start(ServerConfig.of(new Listen("127.0.0.1", 0)), location,
                Duration.ofSeconds(5), Clock.systemUTC(), new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.apiUri() + "/images/python3/vulnerabilities")).header("Authorization", "Bearer "
                    + token).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode v = JSON.readTree(r.body());
            assertThat(v.get("build").asInt()).isEqualTo(build);
            assertThat(v.get("scanned").asBoolean()).isTrue();
            assertThat(v.get("suppressed").asInt()).isEqualTo(1);
            assertThat(v.get("vulnerabilities")).hasSize(2);
            JsonNode tz = v.get("vulnerabilities").get(0);
            assertThat(tz.get("id").asText()).isEqualTo("CVE-2099-0042");
            assertThat(tz.get("package").asText()).isEqualTo("tzdata");
            assertThat(tz.get("suppressed").asBoolean()).isFalse();
            assertThat(tz.get("vex").get("status").asText()).isEqualTo("under_investigation");
            assertThat(tz.get("vex").get("statement").asText()).isEqualTo("checking whether zone data is read");
            JsonNode py = v.get("vulnerabilities").get(1);
            assertThat(py.get("id").asText()).isEqualTo("CVE-2099-0043");
            assertThat(py.get("package").asText()).isEqualTo("python3");
            assertThat(py.get("installedVersion").asText()).isEqualTo("3.13.5-1");
            assertThat(py.get("suppressed").asBoolean()).isTrue();
            assertThat(py.get("vex").get("status").asText()).isEqualTo("not_affected");
            assertThat(py.get("vex").get("justification").asText()).isEqualTo("vulnerable_code_not_in_execute_path");
            assertThat(py.get("vex").get("document").asText()).isEqualTo("https://example.test/vex/python3-1");
        } finally {
            server.close();
        }
    }
}
