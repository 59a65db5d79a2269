package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.ImageDefinition;
import dev.bulwark.catalog.model.NewBuild;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.ScanSummary;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark bump} as a user runs it, over an SQLite catalog whose image {@code web} has two builds published
 * to {@code 127.0.0.1:5000/web:2} (build 1 has CVE-2099-0007): exit codes, text and JSON, refusals.
 */
class BumpCommandTest {
    private static final String REPO = "127.0.0.1:5000/web";
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    String db;

    @BeforeEach
    void catalog() throws Exception {
        db = dir.resolve("catalog.db").toString();
        Catalog catalog = new Catalog(CatalogDatabase.open(new CatalogLocation.SqliteFile(Path.of(db)),
                Duration.ofSeconds(5)), Clock.systemUTC());
        String spec = "name: web\ndistribution: trixie\npackages: [nginx]\n";
        catalog.define(new ImageDefinition("web", "/specs/web.yaml", sha(spec), spec, "trixie", null, List.of("amd64"),
                List.of("docker://" + REPO + ":2")));
        catalog.recordBuild(build(1, List.of(new Vulnerability("CVE-2099-0007", "nginx", "1.26-1", "1.26-2", "high"))));
        Thread.sleep(5);
        catalog.recordBuild(build(2, List.of()));
    }

    @Test
    void check_exitsOneWhenBehind_bumpRewrites_thenCheckExitsZero() throws Exception {
        Path values = Files.writeString(dir.resolve("values.yaml"), "image:\n  repository: " + REPO + "\n  tag: \"2\"\n"
                + "  digest: " + digest(1) + "   # keep this comment\n");
        CliRun check = CliRun.of("bump", "--check", values.toString(), "--catalog", db);
        assertThat(check.exitCode()).as(check.err()).isEqualTo(1);
        assertThat(check.out()).contains("line 4: " + REPO + ":2 (web) build 1 → build 2")
                .contains("build 2: test").contains("fixes CVE-2099-0007 (nginx, high)");
        CliRun bump = CliRun.of("bump", values.toString(), "--catalog", db);
        assertThat(bump.exitCode()).as(bump.err()).isZero();
        assertThat(Files.readString(values)).endsWith("  digest: " + digest(2) + "   # keep this comment\n");
        assertThat(CliRun.of("bump", "--check", values.toString(), "--catalog", db).exitCode()).isZero();
    }

    @Test
    void json_andADirectory_listEveryFileWithChangesAndForeignReferences() throws Exception {
        Path k8s = Files.createDirectory(dir.resolve("k8s"));
        Files.writeString(k8s.resolve("a.yaml"), "image: " + REPO + "@" + digest(1) + "\n");
        Files.writeString(k8s.resolve("Dockerfile"), "FROM docker.io/library/debian:trixie@" + digest(9) + "\n");
        Files.writeString(k8s.resolve("README.md"), "not read\n");
        CliRun run = CliRun.of("bump", "--dry-run", "--format", "json", k8s.toString(), "--catalog", db);
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("files")).extracting(f -> Path.of(f.get("file").asText()).getFileName().toString())
                .containsExactly("Dockerfile", "a.yaml");
        assertThat(json.get("files").get(0).get("notFromSource").get(0).get("repository").asText())
                .isEqualTo("docker.io/library/debian");
        JsonNode change = json.get("files").get(1).get("changes").get(0);
        assertThat(change.get("toDigest").asText()).isEqualTo(digest(2));
        assertThat(change.get("fixed").get(0).get("id").asText()).isEqualTo("CVE-2099-0007");
        assertThat(json.get("files").get(1).get("diff").asText()).contains("-image: " + REPO + "@" + digest(1))
                .contains("+image: " + REPO + "@" + digest(2));
        assertThat(Files.readString(k8s.resolve("a.yaml"))).contains(digest(1));
        CliRun verbose = CliRun.of("bump", "--check", "--verbose", k8s.toString(), "--catalog", db);
        assertThat(verbose.exitCode()).isEqualTo(1);
        assertThat(verbose.out()).contains("line 1: docker.io/library/debian:trixie@" + digest(9)
                + " is not from this catalog").contains("1 reference(s) not from this catalog left alone");
    }

    @Test
    void aFileThatDoesNotParse_exitsTwoNamingFileAndLine_andIsNotWritten() throws Exception {
        Path bad = Files.writeString(dir.resolve("Dockerfile"), "FROM " + REPO + "@" + digest(1) + "\nFROM\n");
        CliRun run = CliRun.of("bump", bad.toString(), "--catalog", db);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).contains(bad + ":2: cannot bump: FROM names no image (nothing written)");
        assertThat(Files.readString(bad)).contains(digest(1));
    }

    @Test
    void hostileFileNames_areEscapedInTheOutput() throws Exception {
        Path evil = Files.writeString(dir.resolve("evil\u001b[2J.yaml"), "image: " + REPO + "@" + digest(1) + "\n");
        CliRun run = CliRun.of("bump", "--check", evil.toString(), "--catalog", db);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).doesNotContain("\u001b").contains("evil\\x1b[2J.yaml");
    }

    @Test
    void twoSources_orCheckWithDryRun_areRefusedWithWhatToDo() throws Exception {
        Path f = Files.writeString(dir.resolve("a.yaml"), "image: " + REPO + "@" + digest(1) + "\n");
        CliRun two = CliRun.of("bump", f.toString(), "--catalog", db, "--feed", dir.resolve("feed.json").toString());
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err()).contains("give one of --catalog, --server and --feed");
        CliRun both = CliRun.of("bump", "--check", "--dry-run", f.toString(), "--catalog", db);
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--check and --dry-run");
    }

    @Test
    void feedFile_writtenByCatalogFeed_bumpsLikeTheCatalog() throws Exception {
        Path feed = dir.resolve("feed.json");
        assertThat(CliRun.of("catalog", "feed", "--output", feed.toString(), "--catalog", db).exitCode()).isZero();
        Path f = Files.writeString(dir.resolve("a.yaml"), "image: " + REPO + ":2@" + digest(1) + "\n");
        CliRun run = CliRun.of("bump", f.toString(), "--feed", feed.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("fixes CVE-2099-0007").contains("releases from feed " + feed);
        assertThat(Files.readString(f)).isEqualTo("image: " + REPO + ":2@" + digest(2) + "\n");
    }

    @Test
    void feedWithoutKey_saysOnceThatSignaturesWereNotChecked_theCatalogDoesNot() throws Exception {
        Path feed = dir.resolve("feed.json");
        assertThat(CliRun.of("catalog", "feed", "--output", feed.toString(), "--catalog", db).exitCode()).isZero();
        Path a = Files.writeString(dir.resolve("a.yaml"), "image: " + REPO + ":2@" + digest(1) + "\n");
        Path b = Files.writeString(dir.resolve("b.yaml"), "image: " + REPO + ":2@" + digest(1) + "\n");
        CliRun run = CliRun.of("bump", "--check", a.toString(), b.toString(), "--feed", feed.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out().split(java.util.regex.Pattern.quote(BumpCommand.UNSIGNED), -1)).hasSize(2);
        assertThat(run.out().strip()).endsWith("(unsigned check: give --key to verify signatures)");
        CliRun catalog = CliRun.of("bump", "--check", a.toString(), "--catalog", db);
        assertThat(catalog.out()).doesNotContain("unsigned check");
        CliRun help = CliRun.of("bump", "--help");
        assertThat(help.out()).contains("Without --key the release source is trusted as given")
                .contains("--key=PUBKEY");
    }

    private static NewBuild build(int n, List<Vulnerability> findings) {
        Instant now = Instant.now();
        List<Publication> published = List.of(
                new Publication("docker://" + REPO + ":2-2026112" + n + "T100000Z", digest(n), Publication.Kind.IMMUTABLE,
                        0, now, null),
                new Publication("docker://" + REPO + ":2", digest(n), Publication.Kind.MOVING, 0, now, null));
        return new NewBuild("web", "test", sha("spec"), sha("lock " + n), "{}", 1L, null,
                List.of(new PlatformBuild("amd64", "linux/amd64", digest(n), digest(10 + n), 2, 100)),
                List.of(new BuiltPackage("amd64", "nginx", "1.26-" + n, "amd64", "nginx", "1.26-" + n, "trixie",
                        "pool/n.deb", 100, sha("deb " + n))), List.of(),
                new ScanSummary("test", now, 0, findings.size(), 0, 0, 0, 0), findings, published, now,
                Duration.ofSeconds(1));
    }

    private static String digest(int n) {
        return "sha256:" + sha("web " + n);
    }

    private static String sha(String s) {
        return Sha256.key(s, "bump-cli-test");
    }
}
