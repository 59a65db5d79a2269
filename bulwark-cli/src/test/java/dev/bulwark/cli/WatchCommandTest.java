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
                .contains("c: no rebuild — nothing changed since the last check: every package of build 1");
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
