package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.transport.layout.LayoutSource;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bulwark catalog …} end to end on the testkit's fake signed archive, with an SQLite catalog. */
class CatalogCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void add_buildsFromTheLockPublishesAndRecordsTheBuild() throws Exception {
        Path spec = fake.pythonSpec();
        CliRun add = fake.run("catalog", "add", spec.toString(), "--catalog", db, "--publish", "oci:" + dir.resolve("py"),
                "--format", "json");
        assertThat(add.exitCode()).as(add.err()).isZero();
        JsonNode added = JSON.readTree(add.out());
        assertThat(added.get("imageAdded").asBoolean()).isTrue();
        assertThat(added.get("build").asInt()).isEqualTo(1);
        assertThat(added.get("lockWritten").asBoolean()).isTrue();
        JsonNode published = added.get("published");
        assertThat(published).hasSize(2);
        String stamped = published.get(0).get("reference").asText();
        assertThat(stamped).matches("oci:" + dir.resolve("py") + ":latest-\\d{8}T\\d{6}Z");
        assertThat(published.get(1).get("reference").asText()).isEqualTo("oci:" + dir.resolve("py") + ":latest");

        // What the catalog recorded is what the layout holds, under both tags.
        String amd64 = added.get("platforms").get(0).get("manifest").asText();
        assertThat(new LayoutSource(dir.resolve("py"), "latest").image(Platform.fromDebianArch("amd64")).digest())
                .hasToString(amd64);
        assertThat(new LayoutSource(dir.resolve("py"), stamped.substring(stamped.lastIndexOf(':') + 1))
                .image(Platform.fromDebianArch("amd64")).digest()).hasToString(amd64);

        // Packages are the lock's, per arch.
        JsonNode lock = JSON.readTree(dir.resolve("python3.yaml.lock.json").toFile());
        JsonNode packages = JSON.readTree(CliRun.of("catalog", "packages", "python3", "--catalog", db, "--format", "json").out());
        List<String> recorded = new ArrayList<>();
        packages.get("packages").forEach(p -> recorded.add(p.get("arch").asText() + " " + p.get("name").asText() + " "
                + p.get("version").asText() + " " + p.get("sha256").asText()));
        List<String> locked = new ArrayList<>();
        lock.get("archs").fields().forEachRemaining(e -> e.getValue().forEach(p -> locked.add(e.getKey() + " "
                + p.get("name").asText() + " " + p.get("version").asText() + " " + p.get("sha256").asText())));
        assertThat(recorded).isNotEmpty().containsExactlyInAnyOrderElementsOf(locked);

        // The SBOMs and provenance the build attached are recorded by digest.
        JsonNode shown = JSON.readTree(CliRun.of("catalog", "show", "python3", "--catalog", db, "--format", "json").out());
        List<String> evidence = new ArrayList<>();
        shown.get("current").get("attestations").forEach(a -> evidence.add(a.get("kind").asText() + " " + a.get("arch").asText()));
        assertThat(evidence).containsExactly("provenance ", "sbom-cyclonedx amd64", "sbom-cyclonedx arm64",
                "sbom-spdx amd64", "sbom-spdx arm64");
        String spdx = shown.get("current").get("attestations").get(3).get("digest").asText();
        var store = dev.bulwark.oci.transport.Transports.openStore(dev.bulwark.oci.ref.ImageReference.parse("oci:" + dir.resolve("py")
                + ":latest"), dev.bulwark.oci.transport.RegistryOptions.defaults());
        assertThat(dev.bulwark.oci.transport.Referrers.list(store, dev.bulwark.oci.Digest.parse(amd64), null))
                .as("the recorded SBOM is in the layout").anyMatch(d -> d.digest().toString().equals(spdx));

        JsonNode list = JSON.readTree(CliRun.of("catalog", "list", "--catalog", db, "--format", "json").out());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("current").get("build").asInt()).isEqualTo(1);
        assertThat(list.get(0).get("current").get("packages").asInt()).isEqualTo(recorded.size());
    }

    @Test
    void whoUses_historyAndDiff_followTwoBuildsOfAChangedSpec() throws Exception {
        Path spec = fake.pythonSpec();
        assertThat(fake.run("catalog", "add", spec.toString(), "--catalog", db, "--publish", "oci:" + dir.resolve("py"))
                .exitCode()).isZero();
        Thread.sleep(1100); // the next build's timestamped tag is a different second
        Files.writeString(spec, Files.readString(spec).replace("packages: [python3, tzdata]", "packages: [python3]"));
        assertThat(fake.run("lock", spec.toString()).exitCode()).isZero();
        CliRun second = fake.run("catalog", "add", spec.toString(), "--catalog", db); // to the recorded target
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).startsWith("python3: build 2 recorded in catalog " + db + ", ");

        CliRun who = CliRun.of("catalog", "who-uses", "glibc", "--catalog", db);
        assertThat(who.out()).contains("python3").contains("libc6").endsWith("1 image uses glibc\n");
        assertThat(CliRun.of("catalog", "who-uses", "tzdata", "--catalog", db).out())
                .isEqualTo("No catalogued image uses tzdata.\n");
        assertThat(CliRun.of("catalog", "who-uses", "tzdata", "--all-builds", "--catalog", db).out())
                .contains("python3").contains("1*").contains("(* an older build)");

        CliRun diff = CliRun.of("catalog", "diff", "python3", "1", "2", "--catalog", db);
        assertThat(diff.exitCode()).as(diff.err()).isZero();
        assertThat(diff.out()).contains("build 1 → build 2").containsPattern("amd64 +tzdata +- 2025b-4")
                .contains("fixed: none").contains("new: none"); // both builds were scanned (archive changelogs)

        JsonNode history = JSON.readTree(CliRun.of("catalog", "history", "python3", "--catalog", db, "--format", "json").out());
        assertThat(history.get("builds")).hasSize(2);
        List<String> moving = new ArrayList<>();
        history.get("publications").forEach(p -> {
            if (p.get("kind").asText().equals("moving")) {
                moving.add(p.get("build").asInt() + " " + (p.get("replacedAt").isNull() ? "current" : "moved"));
            }
        });
        assertThat(moving).containsExactly("2 current", "1 moved");
        assertThat(CliRun.of("catalog", "show", "python3", "--catalog", db).out()).contains("current build 2 (catalog add)");
    }

    @Test
    void add_withAStaleLock_recordsTheImageAndTheFailureButNoBuild() throws Exception {
        Path spec = fake.pythonSpec();
        assertThat(fake.run("lock", spec.toString()).exitCode()).isZero();
        Files.writeString(spec, Files.readString(spec).replace("packages: [python3, tzdata]", "packages: [python3]"));
        CliRun add = fake.run("catalog", "add", spec.toString(), "--catalog", db, "--publish", "oci:" + dir.resolve("py"));
        assertThat(add.exitCode()).isEqualTo(2);
        assertThat(add.err()).contains("it was made for another version of");

        assertThat(CliRun.of("catalog", "show", "python3", "--catalog", db).out()).contains("not built yet");
        List<String> events = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT kind, message FROM events ORDER BY id")) {
            while (rs.next()) {
                events.add(rs.getString(1) + ": " + rs.getString(2));
            }
        }
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).startsWith("image.added: ");
        assertThat(events.get(1)).startsWith("build.failed: ").contains("made for another version");
        assertThat(dir.resolve("py")).doesNotExist();
    }

    @Test
    void readVerbs_onAnImageNotCatalogued_exitTwo() {
        CliRun show = CliRun.of("catalog", "show", "nope", "--catalog", db);
        assertThat(show.exitCode()).isEqualTo(2);
        assertThat(show.err()).contains("cannot find image nope in the catalog");
    }

    @Test
    void aCatalogFromANewerBulwark_isRefusedNamingBothVersions() throws Exception {
        assertThat(CliRun.of("catalog", "list", "--catalog", db).exitCode()).isZero();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, installed_on, execution_time, success) VALUES (999, '999', 'next', 'SQL', "
                    + "'V999__next.sql', 0, 'test', CURRENT_TIMESTAMP, 1, 1)");
        }
        CliRun list = CliRun.of("catalog", "list", "--catalog", db);
        assertThat(list.exitCode()).isEqualTo(2);
        assertThat(list.err()).contains("its schema is version 999, newer than the version "
                + dev.bulwark.catalog.db.CatalogDatabase.SCHEMA_VERSION + " this Bulwark knows");
    }

    @Test
    void add_withAnUnreachablePostgres_exitsThreeBeforeBuildingAnything() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        CliRun add = fake.run("catalog", "add", fake.pythonSpec().toString(), "--catalog",
                "postgresql://bulwark@127.0.0.1:" + closed + "/catalog", "--publish", "oci:" + dir.resolve("py"));
        assertThat(add.exitCode()).as(add.err()).isEqualTo(3);
        assertThat(add.err()).contains("the database server cannot be reached");
        assertThat(dir.resolve("py")).doesNotExist();
        assertThat(dir.resolve("python3.yaml.lock.json")).doesNotExist();
    }

    @Test
    void add_severalSpecsToOneReference_isBadInput() throws Exception {
        Path spec = fake.pythonSpec();
        CliRun add = fake.run("catalog", "add", spec.toString(), spec.toString(), "--catalog", db, "--publish",
                "oci:" + dir.resolve("one"));
        assertThat(add.exitCode()).isEqualTo(2);
        assertThat(add.err()).contains("put {name} in --publish");
    }

    @Test
    void add_scansTheBuildAgainstTheAdvisoriesGiven_andRecordsItsSummaryAndFindings() throws Exception {
        Path tracker = Files.writeString(dir.resolve("tracker.json"), """
                {"tzdata": {"CVE-2099-0042": {"releases": {"trixie": {"status": "open", "urgency": "high",
                  "repositories": {"trixie": "2025b-4"}}}}}}
                """);
        Path spec = fake.pythonSpec();
        CliRun add = fake.run("catalog", "add", spec.toString(), "--catalog", db, "--publish", "oci:" + dir.resolve("py"),
                "--advisories", tracker.toString());
        assertThat(add.exitCode()).as(add.err()).isZero();
        JsonNode scan = JSON.readTree(CliRun.of("catalog", "show", "python3", "--catalog", db, "--format", "json").out())
                .get("current").get("scan");
        assertThat(scan.isNull()).as("a scan summary was recorded").isFalse();
        assertThat(scan.get("source").asText()).contains("tracker.json");
        assertThat(scan.get("high").asInt()).as("tzdata on amd64 and arm64 is one finding").isEqualTo(1);
        assertThat(scan.get("critical").asInt() + scan.get("medium").asInt() + scan.get("low").asInt()).isZero();
        var catalog = dev.bulwark.catalog.store.Catalog.open(new dev.bulwark.catalog.db.CatalogLocation.SqliteFile(
                Path.of(db)), java.time.Duration.ofSeconds(5), java.time.Clock.systemUTC());
        assertThat(catalog.findings("python3", 1)).singleElement().satisfies(v -> {
            assertThat(v.id()).isEqualTo("CVE-2099-0042");
            assertThat(v.packageName()).isEqualTo("tzdata");
            assertThat(v.severity()).isEqualTo("high");
            assertThat(v.fixedVersion()).isNull();
        });

        CliRun unscanned = fake.run("catalog", "add", spec.toString(), "--catalog", db, "--no-scan");
        assertThat(unscanned.exitCode()).as(unscanned.err()).isZero();
        assertThat(JSON.readTree(CliRun.of("catalog", "show", "python3", "--catalog", db, "--format", "json").out())
                .get("current").get("scan").isNull()).isTrue();
    }
}
