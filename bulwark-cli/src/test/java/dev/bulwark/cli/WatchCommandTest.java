package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.transport.layout.LayoutSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bulwark watch} and {@code catalog sla} end to end on the fake archive, with an SQLite catalog. */
class WatchCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    WatchScenario scenario;

    @BeforeEach
    void start() throws Exception {
        scenario = new WatchScenario(dir, dir.resolve("catalog.db").toString());
    }

    @AfterEach
    void stop() {
        scenario.close();
    }

    @Test
    void securityUpdate_rebuildsExactlyTheTwoImagesUsingIt_thenASecondRunIsANoOp_andSlaShowsFixToPublish()
            throws Exception {
        check(scenario);
    }

    /** The whole scenario; the PostgreSQL IT runs the same. */
    static void check(WatchScenario scenario) throws Exception {
        assertThat(scenario.addImages()).allSatisfy(r -> assertThat(r.exitCode()).as(r.err()).isZero());
        Map<String, String> before = digests(scenario);
        CliRun quiet = scenario.run("watch", "--once");
        assertThat(quiet.exitCode()).as(quiet.out() + quiet.err()).isZero();
        assertThat(quiet.out()).contains("0 rebuilt").contains("a: no rebuild — every package of build 1 is the newest");

        Instant landed = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        scenario.securityUpdate(landed);
        CliRun watch = scenario.run("watch", "--once", "--format", "json");
        assertThat(watch.exitCode()).as(watch.out() + watch.err()).isZero();
        JsonNode run = JSON.readTree(watch.out());
        assertThat(run.get("rebuilt").asInt()).isEqualTo(2);
        Map<String, JsonNode> byImage = new HashMap<>();
        run.get("images").forEach(i -> byImage.put(i.get("image").asText(), i));
        for (String rebuilt : List.of("a", "b")) {
            JsonNode i = byImage.get(rebuilt);
            assertThat(i.get("decision").asText()).isEqualTo("rebuild");
            assertThat(i.get("rule").asText()).isEqualTo("security-fix");
            assertThat(i.get("reason").asText()).isEqualTo("libfoo1 1.0-1+deb13u1 → 1.0-1+deb13u2 (trixie-security) "
                    + "fixes CVE-2099-2222, CVE-2099-2223");
            assertThat(i.get("outcome").asText()).as(i.get("message").asText()).isEqualTo("published");
            assertThat(i.get("build").asInt()).isEqualTo(2);
        }
        JsonNode c = byImage.get("c");
        assertThat(c.get("decision").asText()).isEqualTo("no-rebuild");
        assertThat(c.get("reason").asText()).isEqualTo("no newer version fixes a CVE; newest non-security change "
                + "skipped: tzdata 2025b-4 → 2025c-1 (trixie-updates)");
        assertThat(c.get("outcome").asText()).isEqualTo("none");
        assertThat(run.get("suites")).anySatisfy(s -> {
            assertThat(s.get("suite").asText()).isEqualTo("trixie-security");
            assertThat(s.get("changed").asBoolean()).isTrue();
        });
        assertThat(run.get("suites")).anySatisfy(s -> {
            assertThat(s.get("suite").asText()).isEqualTo("trixie");
            assertThat(s.get("changed").asBoolean()).as("trixie's InRelease was answered 304").isFalse();
        });
        assertThat(scenario.archive.requests()).contains("GET /debian/dists/trixie/InRelease [conditional]");

        // The moving tag moved for a and b only, and the lock next to each rebuilt spec moved with it.
        Map<String, String> after = digests(scenario);
        assertThat(after.get("a")).isNotEqualTo(before.get("a"));
        assertThat(after.get("b")).isNotEqualTo(before.get("b"));
        assertThat(after.get("c")).isEqualTo(before.get("c"));
        assertThat(java.nio.file.Files.readString(scenario.dir.resolve("a.yaml.lock.json"))).contains("1.0-1+deb13u2");
        assertThat(scenario.read("catalog", "show", "a").out()).contains("current build 2 (watch: libfoo1");

        CliRun again = scenario.run("watch", "--once");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("3 images: 0 rebuilt, 0 failed, 3 no rebuild")
                .contains("a: no rebuild — every package of build 2 is the newest its suites offer")
                .contains("b: no rebuild — every package of build 2 is the newest its suites offer")
                .contains("c: no rebuild — nothing changed since the last check: no newer version fixes a CVE; newest "
                        + "non-security change skipped: tzdata 2025b-4 → 2025c-1 (trixie-updates)");
        assertThat(digests(scenario)).isEqualTo(after);

        CliRun sla = scenario.read("catalog", "sla", "--format", "json");
        assertThat(sla.exitCode()).as(sla.out() + sla.err()).isZero();
        JsonNode report = JSON.readTree(sla.out());
        assertThat(report.get("overall").get("closed").asInt()).isEqualTo(4);
        assertThat(report.get("overall").get("open").asInt()).isZero();
        JsonNode clock = report.get("images").get(0).get("clocks").get(0);
        assertThat(clock.get("image").asText()).isEqualTo("a");
        assertThat(clock.get("cve").asText()).isEqualTo("CVE-2099-2222");
        assertThat(Instant.parse(clock.get("fixSeenAt").asText())).as("the InRelease Date").isEqualTo(landed);
        long took = clock.get("fixToPublishSeconds").asLong();
        assertThat(took).isBetween(7200L, 7200L + 600);
        assertThat(Duration.between(landed, Instant.parse(clock.get("publishedAt").asText())).toSeconds()).isEqualTo(took);
        CliRun text = scenario.read("catalog", "sla");
        assertThat(text.out()).contains("CVE-2099-2223").contains("overall: 4 fixed, p50 2.0 h")
                .contains("no breach of the 24.0 h target");
        CliRun strict = scenario.read("catalog", "sla", "--target", "1h");
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.out()).contains("4 breach(es) of the 60 min target");
    }

    @Test
    void interruptedRebuild_isRedoneOnceItsWatcherStoppedBeating_andIdenticalReLockPublishesNothing() throws Exception {
        assertThat(scenario.addImages()).allSatisfy(r -> assertThat(r.exitCode()).as(r.err()).isZero());
        Map<String, String> before = digests(scenario);
        int publications = JSON.readTree(scenario.read("catalog", "history", "c", "--format", "json").out())
                .get("publications").size();
        var db = dev.bulwark.catalog.db.CatalogDatabase.open(
                new dev.bulwark.catalog.db.CatalogLocation.SqliteFile(Path.of(scenario.catalog)), Duration.ofSeconds(5));
        var decision = new dev.bulwark.catalog.plan.Decision("c", dev.bulwark.catalog.plan.Decision.Action.REBUILD,
                dev.bulwark.catalog.plan.Decision.Why.ALWAYS_UPDATE, "policy always-update and 1 newer package(s)",
                List.of(), null);
        // Another watcher is rebuilding c right now (its heartbeat is fresh): this one leaves c alone.
        var store = new dev.bulwark.catalog.watch.WatchStore(db, java.time.Clock.systemUTC());
        store.recordDecision("watch-busy", decision, null, "");
        CliRun busy = scenario.run("watch", "--once");
        assertThat(busy.out()).contains("c: no rebuild — a rebuild decided in watch-busy is in progress in another "
                + "watcher");
        // A watcher decided to rebuild c and was killed ten minutes ago: its decision is pending, its heartbeat stale.
        var killed = new dev.bulwark.catalog.watch.WatchStore(db, java.time.Clock.fixed(Instant.now().minus(
                Duration.ofMinutes(10)), java.time.ZoneOffset.UTC));
        killed.recordDecision("watch-killed", decision, null, "");

        CliRun watch = scenario.run("watch", "--once");
        assertThat(watch.exitCode()).as(watch.out() + watch.err()).isZero();
        assertThat(watch.out()).contains("c: rebuild — redo the interrupted rebuild (decided in watch-killed: policy "
                + "always-update and 1 newer package(s))")
                .contains("→ unchanged: the re-lock has the same packages as build 1: identical content, nothing built "
                        + "or published")
                .contains("a: no rebuild").contains("b: no rebuild");
        assertThat(digests(scenario)).isEqualTo(before);
        JsonNode history = JSON.readTree(scenario.read("catalog", "history", "c", "--format", "json").out());
        assertThat(history.get("builds")).hasSize(1);
        assertThat(history.get("publications")).as("no new timestamped or moving tag").hasSize(publications);
        assertThat(store.lastDecision("c").orElseThrow().outcome()).isEqualTo("unchanged");
        CliRun next = scenario.run("watch", "--once");
        assertThat(next.out()).contains("c: no rebuild — nothing changed since the last check: the re-lock has the same "
                + "packages as build 1: identical content, nothing built or published");
    }

    @Test
    void failedRebuild_keepsThePreviousRelease_recordsWhy_andIsRetriedNextRun() throws Exception {
        assertThat(scenario.addImages()).allSatisfy(r -> assertThat(r.exitCode()).as(r.err()).isZero());
        Map<String, String> before = digests(scenario);
        // b's structure test pins the libfoo1 of the point release: the rebuild with the fix fails its gate.
        Path tests = scenario.dir.resolve("b-tests.yaml");
        java.nio.file.Files.writeString(tests, "schemaVersion: 2.0.0\nfileContentTests:\n  - name: libfoo1 pinned\n"
                + "    path: /var/lib/dpkg/status.d/libfoo1\n    expectedContents: ['^Version: 1.0-1\\+deb13u1$']\n");
        Path spec = scenario.dir.resolve("b.yaml");
        java.nio.file.Files.writeString(spec, java.nio.file.Files.readString(spec) + "tests: [b-tests.yaml]\n");
        scenario.securityUpdate(Instant.now().minus(Duration.ofHours(3)));

        CliRun watch = scenario.run("watch", "--once");
        assertThat(watch.exitCode()).as(watch.out() + watch.err()).isEqualTo(1);
        assertThat(watch.out()).contains("1 rebuilt, 1 failed").containsPattern("→ failed: rebuild failed: .*; the "
                + "previous release \\(build 1\\) stays");
        assertThat(digests(scenario).get("b")).as("the moving tag did not move").isEqualTo(before.get("b"));
        assertThat(digests(scenario).get("a")).isNotEqualTo(before.get("a"));
        JsonNode shown = JSON.readTree(scenario.read("catalog", "history", "b", "--format", "json").out());
        assertThat(shown.get("builds")).hasSize(1);
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + scenario.catalog);
                var rs = c.createStatement().executeQuery("SELECT e.message FROM events e JOIN images i ON i.id = "
                        + "e.image_id WHERE i.name = 'b' AND e.kind = 'rebuild.failed'")) {
            assertThat(rs.next()).as("an event row for the notifier").isTrue();
            assertThat(rs.getString(1)).startsWith("rebuild failed: ");
        }
        CliRun sla = scenario.read("catalog", "sla", "b");
        assertThat(sla.exitCode()).isZero();
        assertThat(sla.out()).contains("exposed for 3 h").contains("b: none published yet, 2 open");

        java.nio.file.Files.writeString(tests, java.nio.file.Files.readString(tests).replace("deb13u1", "deb13u2"));
        CliRun retry = scenario.run("watch", "--once");
        assertThat(retry.exitCode()).as(retry.out() + retry.err()).isZero();
        assertThat(retry.out()).contains("b: rebuild — libfoo1 1.0-1+deb13u1 → 1.0-1+deb13u2").contains("1 rebuilt, 0 failed");
        assertThat(scenario.read("catalog", "sla", "b").out()).contains("b: 2 fixed");
    }

    /** The digest each image's moving tag {@code latest} points at. */
    static Map<String, String> digests(WatchScenario scenario) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (String image : List.of("a", "b", "c")) {
            out.put(image, new LayoutSource(scenario.dir.resolve("out").resolve(image), "latest")
                    .image(Platform.fromDebianArch("amd64")).digest().toString());
        }
        return out;
    }
}
