package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Done-when scenario of the patch loop with a real customization, through the CLI verbs on an SQLite catalog
 * ({@link CustomizationWatchPostgresIT} runs the same on PostgreSQL): images a, b, c and the customization d of a
 * (a's published image plus libbaz1), built from the point release and catalogued; then a security update of
 * libfoo1, which a and b use and d's base a has.
 */
class CustomizationWatchTest {
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
    void securityUpdateInTheBase_rebuildsTwoImagesAndTheCustomizationOnTheNewBase_notTheThird_thenNoOp_andSla()
            throws Exception {
        check(scenario);
    }

    /** The whole scenario; the PostgreSQL IT runs the same. */
    static void check(WatchScenario scenario) throws Exception {
        catalogue(scenario);
        Map<String, String> before = digests(scenario);

        Instant landed = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        scenario.securityUpdate(landed);
        JsonNode run = watch(scenario);
        assertThat(run.get("rebuilt").asInt()).isEqualTo(3);
        assertThat(run.get("failed").asInt()).isZero();
        List<String> order = new ArrayList<>();
        run.get("images").forEach(i -> order.add(i.get("image").asText()));
        assertThat(order.indexOf("a")).as("the base before its customization").isLessThan(order.indexOf("d"));
        Map<String, JsonNode> byImage = byImage(run);
        for (String image : List.of("a", "b")) {
            assertThat(byImage.get(image).get("rule").asText()).isEqualTo("security-fix");
            assertThat(byImage.get(image).get("reason").asText()).isEqualTo("libfoo1 1.0-1+deb13u1 → 1.0-1+deb13u2 "
                    + "(trixie-security) fixes CVE-2099-2222, CVE-2099-2223");
            assertThat(byImage.get(image).get("outcome").asText()).as(byImage.get(image).get("message").asText())
                    .isEqualTo("published");
        }
        JsonNode d = byImage.get("d");
        assertThat(d.get("decision").asText()).isEqualTo("rebuild");
        assertThat(d.get("rule").asText()).isEqualTo("base-rebuilt");
        assertThat(d.get("cascadeFrom").asText()).isEqualTo("a");
        assertThat(d.get("reason").asText()).isEqualTo("its base a is rebuilt in this cycle (libfoo1 1.0-1+deb13u1 → "
                + "1.0-1+deb13u2 (trixie-security) fixes CVE-2099-2222, CVE-2099-2223)");
        assertThat(d.get("fixes")).as("the base's package that d ships").anySatisfy(f -> {
            assertThat(f.get("package").asText()).isEqualTo("libfoo1");
            assertThat(f.get("cves").toString()).contains("CVE-2099-2222");
        });
        assertThat(d.get("outcome").asText()).as(d.get("message").asText()).isEqualTo("published");
        assertThat(d.get("build").asInt()).isEqualTo(2);
        JsonNode c = byImage.get("c");
        assertThat(c.get("decision").asText()).isEqualTo("no-rebuild");
        assertThat(c.get("outcome").asText()).isEqualTo("none");

        Map<String, String> after = digests(scenario);
        assertThat(after.get("c")).isEqualTo(before.get("c"));
        for (String image : List.of("a", "b", "d")) {
            assertThat(after.get(image)).as(image + " moved").isNotEqualTo(before.get(image));
        }
        onBase(scenario, "d", "a");
        Lockfile lock = LockfileCodec.read(scenario.dir.resolve("d.yaml.lock.json"));
        assertThat(lock.base().reference()).isEqualTo(scenario.baseOfD());
        assertThat(lock.base().digest()).as("d's lock pins a's new release")
                .isEqualTo(JSON(scenario, "catalog", "show", "a").get("current").get("digest").asText());

        JsonNode again = watch(scenario);
        assertThat(again.get("rebuilt").asInt()).as("a second watch is a no-op").isZero();
        assertThat(again.get("images")).allSatisfy(i -> assertThat(i.get("decision").asText()).isEqualTo("no-rebuild"));
        assertThat(digests(scenario)).isEqualTo(after);

        JsonNode sla = JSON(scenario, "catalog", "sla");
        assertThat(sla.get("overall").get("closed").asInt()).as("a, b and d × 2 CVEs").isEqualTo(6);
        assertThat(sla.get("overall").get("open").asInt()).isZero();
        JsonNode dClocks = null;
        for (JsonNode i : sla.get("images")) {
            if (i.get("image").asText().equals("d")) {
                dClocks = i.get("clocks");
            }
        }
        assertThat(dClocks).isNotNull().hasSize(2);
        for (JsonNode clock : dClocks) {
            assertThat(Instant.parse(clock.get("fixSeenAt").asText())).isEqualTo(landed);
            assertThat(clock.get("fixToPublishSeconds").asLong()).isBetween(3 * 3600L, 3 * 3600L + 900);
        }
    }

    @Test
    void fixForAPackageOnlyTheCustomizationAdded_rebuildsItAlone_onTheSameBaseRelease() throws Exception {
        catalogue(scenario);
        Map<String, String> before = digests(scenario);
        String baseDigest = LockfileCodec.read(scenario.dir.resolve("d.yaml.lock.json")).base().digest();
        scenario.bazUpdate(Instant.now().minus(Duration.ofHours(1)));

        JsonNode run = watch(scenario);
        assertThat(run.get("rebuilt").asInt()).isEqualTo(1);
        Map<String, JsonNode> byImage = byImage(run);
        JsonNode d = byImage.get("d");
        assertThat(d.get("rule").asText()).isEqualTo("security-fix");
        assertThat(d.get("reason").asText()).isEqualTo("libbaz1 1.0-1 → 1.0-1+deb13u1 (trixie-security) fixes "
                + "CVE-2099-3333");
        assertThat(d.get("outcome").asText()).as(d.get("message").asText()).isEqualTo("published");
        for (String image : List.of("a", "b", "c")) {
            assertThat(byImage.get(image).get("decision").asText()).as(image).isEqualTo("no-rebuild");
        }
        Map<String, String> after = digests(scenario);
        assertThat(after.get("d")).isNotEqualTo(before.get("d"));
        assertThat(after.get("a")).isEqualTo(before.get("a"));
        Lockfile lock = LockfileCodec.read(scenario.dir.resolve("d.yaml.lock.json"));
        assertThat(lock.base().digest()).as("still on a's build 1").isEqualTo(baseDigest);
        assertThat(lock.archs().get("amd64")).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo("libbaz1");
            assertThat(p.version()).isEqualTo("1.0-1+deb13u1");
        });
        onBase(scenario, "d", "a");
        assertThat(JSON(scenario, "catalog", "sla", "d").get("overall").get("closed").asInt()).isEqualTo(1);
        assertThat(watch(scenario).get("rebuilt").asInt()).isZero();
    }

    @Test
    void customizationKilledMidRebuild_isRedone_andAnIdenticalReLockOnTheSameBasePublishesNothing() throws Exception {
        catalogue(scenario);
        Map<String, String> before = digests(scenario);
        int publications = JSON(scenario, "catalog", "history", "d").get("publications").size();
        var db = dev.bulwark.catalog.db.CatalogDatabase.open(
                new dev.bulwark.catalog.db.CatalogLocation.SqliteFile(Path.of(scenario.catalog)), Duration.ofSeconds(5));
        // A watcher decided to rebuild d ten minutes ago and was killed before any build: pending, heartbeat stale.
        new dev.bulwark.catalog.watch.WatchStore(db, java.time.Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)),
                java.time.ZoneOffset.UTC)).recordDecision("watch-killed", new dev.bulwark.catalog.plan.Decision("d",
                dev.bulwark.catalog.plan.Decision.Action.REBUILD, dev.bulwark.catalog.plan.Decision.Why.BASE_REBUILT,
                "its base a is rebuilt in this cycle", List.of(), "a"), null, "");

        JsonNode run = watch(scenario);
        JsonNode d = byImage(run).get("d");
        assertThat(d.get("rule").asText()).isEqualTo("interrupted");
        assertThat(d.get("outcome").asText()).as(d.get("message").asText()).isEqualTo("unchanged");
        assertThat(d.get("message").asText()).isEqualTo("the re-lock has the same packages as build 1: identical "
                + "content, nothing built or published");
        assertThat(digests(scenario)).isEqualTo(before);
        JsonNode history = JSON(scenario, "catalog", "history", "d");
        assertThat(history.get("builds")).hasSize(1);
        assertThat(history.get("publications")).as("no tag moved").hasSize(publications);
    }

    /** a, b, c and the customization d, each built from the point release and catalogued; a quiet first watch. */
    static void catalogue(WatchScenario scenario) throws Exception {
        assertThat(scenario.addImages()).allSatisfy(r -> assertThat(r.exitCode()).as(r.err()).isZero());
        CliRun added = scenario.addCustomization();
        assertThat(added.exitCode()).as(added.out() + added.err()).isZero();
        onBase(scenario, "d", "a");
        JsonNode shown = JSON(scenario, "catalog", "show", "d");
        assertThat(shown.toString()).contains(scenario.baseOfD());
        JsonNode quiet = watch(scenario);
        assertThat(quiet.get("rebuilt").asInt()).isZero();
        assertThat(quiet.get("images")).hasSize(4);
    }

    /** The customization's image is its base's current image plus layers on top, annotated with the base digest. */
    static void onBase(WatchScenario scenario, String image, String base) throws Exception {
        Platform amd64 = Platform.fromDebianArch("amd64");
        Image custom = new LayoutSource(scenario.dir.resolve("out").resolve(image), "latest").image(amd64);
        Image below = new LayoutSource(scenario.dir.resolve("out").resolve(base), "latest").image(amd64);
        assertThat(custom.manifest().layers().subList(0, below.layers().size())).isEqualTo(below.manifest().layers());
        assertThat(custom.layers()).hasSizeGreaterThan(below.layers().size());
        String baseRoot = new LayoutSource(scenario.dir.resolve("out").resolve(base), "latest").root().digest().toString();
        assertThat(custom.manifest().annotations()).containsEntry("org.opencontainers.image.base.digest", baseRoot);
    }

    static JsonNode watch(WatchScenario scenario) throws Exception {
        CliRun watch = scenario.run("watch", "--once", "--format", "json");
        assertThat(watch.exitCode()).as(watch.out() + watch.err()).isZero();
        return WatchCommandTest.JSON.readTree(watch.out());
    }

    static JsonNode JSON(WatchScenario scenario, String... verb) throws Exception {
        List<String> args = new ArrayList<>(List.of(verb));
        args.addAll(List.of("--format", "json"));
        CliRun r = scenario.read(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        return WatchCommandTest.JSON.readTree(r.out());
    }

    static Map<String, JsonNode> byImage(JsonNode run) {
        Map<String, JsonNode> out = new HashMap<>();
        run.get("images").forEach(i -> out.put(i.get("image").asText(), i));
        return out;
    }

    /** The digest each image's moving tag {@code latest} points at (amd64). */
    static Map<String, String> digests(WatchScenario scenario) throws Exception {
        Map<String, String> out = new HashMap<>(WatchCommandTest.digests(scenario));
        out.put("d", new LayoutSource(scenario.dir.resolve("out").resolve("d"), "latest")
                .image(Platform.fromDebianArch("amd64")).digest().toString());
        return out;
    }
}
