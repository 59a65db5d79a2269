package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.catalog.costs.CostJson;
import dev.bulwark.catalog.costs.CostReport;
import dev.bulwark.catalog.feed.FeedRequest;
import dev.bulwark.catalog.feed.Feeds;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the read endpoints say about the test fleet: vulnerabilities with VEX, reports, feeds, events. */
class ApiReadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(dir);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = s.get(path, s.read);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void imageVulnerabilities_showTheVexStatusOfEachFinding_andWhatVexSuppressed() throws Exception {
        JsonNode v = get("/images/python3/vulnerabilities");
        assertThat(v.get("build").asInt()).isEqualTo(3);
        assertThat(v.get("scanned").asBoolean()).isTrue();
        assertThat(v.get("affected").asInt()).isEqualTo(1);
        assertThat(v.get("suppressed").asInt()).isEqualTo(1);
        JsonNode ssl = v.get("vulnerabilities").get(0);
        assertThat(ssl.get("id").asText()).isEqualTo("CVE-2026-0002");
        assertThat(ssl.get("package").asText()).isEqualTo("libssl3t64");
        assertThat(ssl.get("fixedVersion").isNull()).isTrue();
        assertThat(ssl.get("suppressed").asBoolean()).isFalse();
        assertThat(ssl.get("vex").get("status").asText()).isEqualTo("affected");
        assertThat(ssl.get("vex").get("statement").asText()).isEqualTo("upgrade once Debian ships a fix");
        JsonNode libc = v.get("vulnerabilities").get(1);
        assertThat(libc.get("id").asText()).isEqualTo("CVE-2026-0003");
        assertThat(libc.get("suppressed").asBoolean()).isTrue();
        assertThat(libc.get("vex").get("justification").asText()).isEqualTo("vulnerable_code_not_in_execute_path");
        assertThat(libc.get("vex").get("document").asText()).isEqualTo("vex/bulwark.openvex.json");
    }

    @Test
    void anOlderBuild_hasItsOwnFindings_withoutVex() throws Exception {
        JsonNode v = get("/images/python3/vulnerabilities?build=1");
        assertThat(v.get("build").asInt()).isEqualTo(1);
        assertThat(v.get("vulnerabilities")).hasSize(1);
        assertThat(v.get("vulnerabilities").get(0).get("id").asText()).isEqualTo("CVE-2026-0001");
        assertThat(v.get("vulnerabilities").get(0).get("vex").isNull()).isTrue();
        assertThat(get("/images/node/vulnerabilities").get("vulnerabilities")).isEmpty();
    }

    @Test
    void theFleetView_countsImagesPerVulnerability_inTheNewestBuildsOnly() throws Exception {
        JsonNode fleet = get("/vulnerabilities");
        // CVE-2026-0001 is in build 1 of both images, fixed by their newest builds: not listed.
        assertThat(fleet).extracting(n -> n.get("id").asText()).containsExactly("CVE-2026-0002", "CVE-2026-0003");
        JsonNode ssl = fleet.get(0);
        assertThat(ssl.get("severity").asText()).isEqualTo("critical");
        assertThat(ssl.get("images").asInt()).isEqualTo(1);
        assertThat(ssl.get("affected").asInt()).isEqualTo(1);
        assertThat(ssl.get("fixable").asInt()).isZero();
        JsonNode libc = fleet.get(1);
        assertThat(libc.get("suppressed").asInt()).isEqualTo(1);
        assertThat(libc.get("affected").asInt()).isZero();
    }

    @Test
    void whichImagesHaveACve_namesEachImageAndBuild() throws Exception {
        JsonNode uses = get("/vulnerabilities/CVE-2026-0003");
        assertThat(uses.get("images").asInt()).isEqualTo(1);
        assertThat(uses.get("affected").asInt()).isZero();
        assertThat(uses.get("uses").get(0).get("image").asText()).isEqualTo("python3");
        assertThat(uses.get("uses").get(0).get("build").asInt()).isEqualTo(3);
        assertThat(uses.get("uses").get(0).get("vex").get("status").asText()).isEqualTo("not_affected");
        assertThat(get("/vulnerabilities/CVE-2026-0001").get("uses")).isEmpty();
    }

    @Test
    void sla_reportsClosedAndOpenClocks_andBreachesOfTheTarget() throws Exception {
        JsonNode sla = get("/sla?target=24h");
        assertThat(sla.get("targetSeconds").asLong()).isEqualTo(86_400);
        assertThat(sla.get("overall").get("closed").asInt()).isEqualTo(1);
        assertThat(sla.get("overall").get("open").asInt()).isEqualTo(1);
        assertThat(sla.get("overall").get("maxSeconds").asLong()).isEqualTo(30 * 3600);
        assertThat(sla.get("breaches")).extracting(n -> n.get("image").asText()).contains("python3", "node");
        JsonNode python = get("/sla?image=python3&target=48h");
        assertThat(python.get("images")).hasSize(1);
        assertThat(python.get("breaches")).isEmpty();
    }

    @Test
    void costs_areTheDocumentCatalogCostsPrints() throws Exception {
        HttpResponse<String> r = s.get("/costs?since=3650d", s.read);
        JsonNode costs = JSON.readTree(r.body());
        assertThat(costs.get("total").get("builds").asInt()).isEqualTo(5);
        assertThat(costs.get("total").get("rebuilds").asInt()).isEqualTo(3);
        Instant since = Instant.parse(costs.get("since").asText());
        assertThat(r.body()).isEqualTo(CostJson.report(CostReport.of(since, s.catalog.buildCosts(since))));
    }

    @Test
    void feeds_areTheDocumentsCatalogFeedWrites() throws Exception {
        HttpResponse<String> json = s.get("/feeds/releases.json?image=python3", s.read);
        assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/feed+json");
        FeedRequest request = new FeedRequest("Bulwark releases of python3", "python3", null,
                s.catalog.location().display(), Instant.now());
        assertThat(json.body()).isEqualTo(new String(Feeds.jsonFeed(request, s.catalog.releases("python3", 50)),
                StandardCharsets.UTF_8));
        JsonNode feed = JSON.readTree(json.body());
        assertThat(feed.get("version").asText()).isEqualTo(Feeds.JSON_FEED_VERSION);
        assertThat(feed.get("items")).hasSize(3);
        HttpResponse<String> atom = s.get("/feeds/releases.atom?limit=2", s.read);
        assertThat(atom.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
        FeedRequest all = new FeedRequest("Bulwark releases", null, null, s.catalog.location().display(), Instant.now());
        assertThat(atom.body()).isEqualTo(new String(Feeds.atom(all, s.catalog.releases(null, 2)),
                StandardCharsets.UTF_8));
        assertThat(atom.body()).contains("<feed xmlns=\"" + Feeds.ATOM_NS + "\"");
    }

    @Test
    void whatIsRecordedAfterAnAnswer_isInTheNextOne(@TempDir Path own) throws Exception {
        try (TestServer fresh = new TestServer(own)) {
            String fleet = fresh.get("/vulnerabilities", fresh.read).body();
            String feed = fresh.get("/feeds/releases.json", fresh.read).body();
            String costs = fresh.get("/costs", fresh.read).body();
            assertThat(fleet).doesNotContain("CVE-2026-0004");
            new dev.bulwark.catalog.vex.BuildVex(fresh.catalog.database(), java.time.Clock.systemUTC()).record("node", 0,
                    java.util.List.of(new dev.bulwark.catalog.vex.VexFinding("CVE-2026-0004", "libc6", "2.41-12", null,
                            "low", "fixed", "", "backported", "vex.json")));
            JsonNode again = JSON.readTree(fresh.get("/vulnerabilities", fresh.read).body());
            assertThat(again).extracting(n -> n.get("id").asText()).contains("CVE-2026-0004");
            assertThat(JSON.readTree(fresh.get("/images/node/events", fresh.read).body()).get("events"))
                    .extracting(n -> n.get("kind").asText()).endsWith("vex.recorded");
            Fleet.addImage(fresh.catalog, "ruby");
            assertThat(fresh.get("/feeds/releases.json", fresh.read).body()).isNotEqualTo(feed).contains("ruby");
            assertThat(fresh.get("/costs", fresh.read).body()).isNotEqualTo(costs).contains("\"ruby\"");
        }
    }

    @Test
    void events_listWhatHappenedToTheImage_oldestFirst() throws Exception {
        JsonNode events = get("/images/node/events");
        assertThat(events.get("image").asText()).isEqualTo("node");
        assertThat(events.get("events")).extracting(n -> n.get("kind").asText())
                .containsSubsequence("build.recorded", "published", "build.recorded", "published");
        assertThat(events.get("events").get(events.get("events").size() - 1).get("build").asInt()).isEqualTo(2);
    }

    @Test
    void events_withALimit_areTheNewestOnes_stillOldestFirst() throws Exception {
        JsonNode all = get("/images/python3/events").get("events");
        assertThat(all.size()).as("the test fleet's python3 has more than two events").isGreaterThan(2);
        JsonNode two = get("/images/python3/events?limit=2").get("events");
        assertThat(two).hasSize(2);
        assertThat(two.get(0)).isEqualTo(all.get(all.size() - 2));
        assertThat(two.get(1)).isEqualTo(all.get(all.size() - 1));
        assertThat(get("/images/python3/events?limit=1000").get("events")).isEqualTo(all);
        HttpResponse<String> over = s.get("/images/python3/events?limit=1001", s.read);
        assertThat(over.statusCode()).isEqualTo(400);
        assertThat(over.body()).contains("limit=1001").contains("from 1 to 1000");
    }

    @Test
    void theFleetView_withALimit_isItsWorstEntries() throws Exception {
        JsonNode all = get("/vulnerabilities");
        assertThat(all.size()).isGreaterThan(1);
        JsonNode one = get("/vulnerabilities?limit=1");
        assertThat(one).hasSize(1);
        assertThat(one.get(0)).isEqualTo(all.get(0));
        assertThat(get("/vulnerabilities?limit=1000")).isEqualTo(all);
        assertThat(s.get("/vulnerabilities?limit=0", s.read).statusCode()).isEqualTo(400);
    }
}
