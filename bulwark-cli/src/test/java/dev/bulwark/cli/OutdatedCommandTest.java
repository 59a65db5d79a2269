package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.testkit.FakeArchive;
import dev.bulwark.testkit.FakeDeb;
import dev.bulwark.testkit.TestKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock made before the latest security update of libfoo1, then the archive moves on (a second fake archive, same
 * key, with the newer upload whose changelog names two CVEs): outdated names the update and its CVEs, build from the
 * old lock warns, lock prints the upgrade with its CVEs, and lock --check catches an edited SHA-256.
 */
class OutdatedCommandTest {

    private static final TestKey KEY = TestKey.generate("Bulwark Outdated Test <outdated@example.invalid>");
    private static final String U1 = """
            foo (1.0-1+deb13u1) trixie-security; urgency=medium

              * Fix CVE-2099-1111.

             -- M <m@example.invalid>  Mon, 02 Nov 2026 10:00:00 +0000

            foo (1.0-1) unstable; urgency=medium

              * Initial release.

             -- M <m@example.invalid>  Mon, 05 Oct 2026 10:00:00 +0000
            """;
    private static final String U2 = """
            foo (1.0-1+deb13u2) trixie-security; urgency=high

              * Fix CVE-2099-2222 and CVE-2099-2223.

             -- M <m@example.invalid>  Mon, 30 Nov 2026 10:00:00 +0000

            """ + U1;

    @TempDir
    Path dir;
    private FakeArchive before;
    private FakeArchive after;
    private Path spec;

    @BeforeEach
    void archives() throws Exception {
        before = archive(false);
        after = archive(true);
        Files.write(dir.resolve("archive.gpg"), KEY.publicKeyring());
        spec = Files.writeString(dir.resolve("app.yaml"), """
                name: app
                distribution: trixie
                archs: [amd64]
                keyrings: [archive.gpg]
                packages: [libfoo1, tzdata]
                """);
        CliRun locked = run(before, "lock", spec.toString());
        assertThat(locked.exitCode()).as(locked.err()).isZero();
        assertThat(Files.readString(dir.resolve("app.yaml.lock.json"))).contains("1.0-1+deb13u1");
    }

    @AfterEach
    void stop() {
        before.close();
        after.close();
    }

    @Test
    void outdated_lockBeforeTheLatestSecurityUpdate_namesThePackageAndItsCves() throws Exception {
        CliRun r = run(after, "outdated", spec.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("libfoo1 1.0-1+deb13u1 -> 1.0-1+deb13u2 (trixie-security): 2 CVEs")
                .contains("CVE-2099-2222 high fixed in 1.0-1+deb13u2 [archive-changelog]")
                .contains("CVE-2099-2223").doesNotContain("CVE-2099-1111").contains("rebuild needed");

        JsonNode json = new ObjectMapper().readTree(run(after, "outdated", spec.toString(), "--format", "json").out());
        assertThat(json.path("rebuildNeeded").asBoolean()).isTrue();
        JsonNode update = json.path("archs").path("amd64").path("updates").get(0);
        assertThat(update.path("package").asText()).isEqualTo("libfoo1");
        assertThat(update.path("fixes")).extracting(f -> f.path("cve").asText()).containsExactly("CVE-2099-2222", "CVE-2099-2223");
        assertThat(update.path("fixes").get(0).path("evidence").asText()).contains("according to its changelog entry 1.0-1+deb13u2");

        CliRun current = run(before, "outdated", spec.toString());
        assertThat(current.exitCode()).as(current.out() + current.err()).isZero();
        assertThat(current.out()).contains("no rebuild needed");
    }

    @Test
    void build_fromALockMissingCveFixes_warnsOnce() {
        CliRun built = run(after, "build", spec.toString(), "--output", "oci:" + dir.resolve("out") + ":v1");
        assertThat(built.exitCode()).as(built.err()).isZero();
        assertThat(built.err()).containsOnlyOnce("misses 2 CVE fixes in 1 packages (libfoo1 1.0-1+deb13u2)");
        CliRun fresh = run(before, "build", spec.toString(), "--output", "oci:" + dir.resolve("out2") + ":v1",
                "--cache", dir.resolve("other-cache").toString());
        assertThat(fresh.exitCode()).as(fresh.err()).isZero();
        assertThat(fresh.err()).doesNotContain("misses");
    }

    @Test
    void build_withADamagedStaleLockMemo_checksAgainAndStillWarns() throws Exception {
        CliRun first = run(after, "build", spec.toString(), "--output", "oci:" + dir.resolve("out") + ":v1");
        assertThat(first.err()).containsOnlyOnce("misses 2 CVE fixes");
        List<Path> memos;
        try (var s = Files.list(dir.resolve("cache/lock-checks"))) {
            memos = s.filter(p -> p.toString().endsWith(".properties")).toList();
        }
        assertThat(memos).hasSize(1);
        Files.writeString(memos.get(0), "checked=not a time\nwarning=\\uZZZZ\n");

        CliRun again = run(after, "build", spec.toString(), "--output", "oci:" + dir.resolve("out2") + ":v1");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).containsOnlyOnce("misses 2 CVE fixes in 1 packages (libfoo1 1.0-1+deb13u2)");
        assertThat(Files.readString(memos.get(0))).as("the memo is written again").contains("checked=20");
    }

    @Test
    void build_staleLockCheck_readsOnlyTheSuitesThatChangedSinceTheLock() throws Exception {
        int seen = before.requests().size();
        before.publishUpdate("trixie-security", "main", foo("1.0-1+deb13u2", U2), java.time.Instant.parse("2026-12-01T00:00:00Z"));
        CliRun built = run(before, "build", spec.toString(), "--output", "oci:" + dir.resolve("out") + ":v1",
                "--cache", dir.resolve("cold-cache").toString());
        assertThat(built.exitCode()).as(built.err()).isZero();
        assertThat(built.err()).containsOnlyOnce("misses 2 CVE fixes in 1 packages (libfoo1 1.0-1+deb13u2)");
        List<String> asked = before.requests().subList(seen, before.requests().size());
        assertThat(asked).as("the changed suite's index is read").anyMatch(r -> r.contains("/dists/trixie-security/main/binary-amd64/Packages"));
        assertThat(asked).as("suites whose InRelease is the locked one are not").noneMatch(r -> r.contains("/dists/trixie/main/binary-")
                || r.contains("/dists/trixie-updates/main/binary-"));
        assertThat(asked.stream().filter(r -> r.contains("/dists/trixie-security/InRelease")))
                .as("each InRelease is asked for once").hasSize(1);
    }

    @Test
    void lock_again_printsTheUpgradeWithTheCvesItFixes() {
        CliRun r = run(after, "lock", spec.toString(), "--no-fetch");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("changes for amd64 against the previous lock:")
                .contains("upgraded libfoo1 1.0-1+deb13u1 -> 1.0-1+deb13u2 fixes 2 CVEs: CVE-2099-2222, CVE-2099-2223")
                .doesNotContain("tzdata");
    }

    @Test
    void lockCheck_catchesAnEditedSha256_andPassesAnIntactLock() throws Exception {
        CliRun intact = run(after, "lock", spec.toString(), "--check");
        assertThat(intact.exitCode()).as(intact.out() + intact.err()).isZero();
        assertThat(intact.out()).contains("all 2 locked packages are served");
        Path lock = dir.resolve("app.yaml.lock.json");
        String text = Files.readString(lock);
        String sha = text.replaceAll("(?s).*?\"name\"\\s*:\\s*\"tzdata\".*?\"sha256\"\\s*:\\s*\"([0-9a-f]{64})\".*", "$1");
        assertThat(sha).hasSize(64);
        Files.writeString(lock, text.replace(sha, "0".repeat(64)));
        CliRun edited = run(after, "lock", spec.toString(), "--check");
        assertThat(edited.exitCode()).as(edited.out() + edited.err()).isEqualTo(1);
        assertThat(edited.out()).contains("drift: tzdata").contains("SHA-256 " + "0".repeat(64) + " locked, " + sha + " served")
                .contains("1 of 2 locked packages drifted");
    }

    private CliRun run(FakeArchive archive, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--mirror", archive.baseUrl().toString()));
        if (!all.contains("--cache")) {
            all.addAll(List.of("--cache", dir.resolve("cache").toString()));
        }
        return CliRun.of(all.toArray(String[]::new));
    }

    private static FakeArchive archive(boolean withUpdate) throws Exception {
        FakeArchive.Builder b = FakeArchive.builder(KEY).archs("amd64")
                .add("trixie", "main", foo("1.0-1", "foo (1.0-1) unstable; urgency=medium\n\n  * Initial release.\n\n"
                        + " -- M <m@example.invalid>  Mon, 05 Oct 2026 10:00:00 +0000\n"))
                .add("trixie-security", "main", foo("1.0-1+deb13u1", U1))
                .add("trixie", "main", FakeDeb.builder("tzdata", "2025b-4", "all").build())
                .add("trixie-updates", "main", FakeDeb.builder("unrelated", "1.0-1", "all").build());
        if (withUpdate) {
            b.add("trixie-security", "main", foo("1.0-1+deb13u2", U2));
        }
        return b.start();
    }

    private static FakeDeb foo(String version, String changelog) throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(changelog.getBytes(StandardCharsets.UTF_8));
        }
        return FakeDeb.builder("libfoo1", version, "amd64").field("Source", "foo")
                .file("/usr/share/doc/libfoo1/changelog.Debian.gz", gz.toByteArray(), 0644).build();
    }
}
