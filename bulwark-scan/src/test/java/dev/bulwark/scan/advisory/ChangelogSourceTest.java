package dev.bulwark.scan.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.scan.VulnData;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.HttpArchive;
import dev.bulwark.debian.archive.HttpTransport;
import dev.bulwark.debian.archive.MirrorConfig;
import dev.bulwark.debian.archive.RetryPolicy;
import dev.bulwark.debian.fetch.DebCache;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.debian.pgp.ClearsignVerifier;
import dev.bulwark.debian.pgp.Keyring;
import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.testkit.FakeArchive;
import dev.bulwark.testkit.FakeDeb;
import dev.bulwark.testkit.TestKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The changelog source on real changelog excerpts (test resources {@code vulns/changelogs/}) served by a fake signed
 * archive, in binaries shaped like the real ones: the small binaries ship {@code /usr/share/doc/<pkg>} as a symlink to
 * the doc directory of the binary that holds the changelog.
 */
class ChangelogSourceTest {

    private static final TestKey KEY = TestKey.generate("Bulwark Check Test <check@example.invalid>");

    @TempDir
    Path cache;

    private FakeArchive archive;

    @AfterEach
    void stop() {
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    void advisories_apache2WithSymlinkedDoc_readsTheLinkedBinaryAndNamesOnlyCvesSinceInstalled() throws Exception {
        String text = changelog("apache2_2.4.71-1~deb12u1.changelog");
        String v = "2.4.71-1~deb12u1";
        archive = FakeArchive.builder(KEY)
                .add("bookworm", "main", apache("libapache2-mod-md", "2.4.68-1~deb12u1").symlink("/usr/share/doc/libapache2-mod-md", "apache2").build())
                .add("bookworm-security", "main", apache("libapache2-mod-md", v).symlink("/usr/share/doc/libapache2-mod-md", "apache2").build())
                .add("bookworm-security", "main", apache("apache2-ssl-dev", v).symlink("/usr/share/doc/apache2-ssl-dev", "apache2-dev").build())
                .add("bookworm-security", "main", apache("apache2", v).file("/usr/share/doc/apache2/changelog.Debian.gz", gzip(text), 0644)
                        .file("/usr/share/apache2/padding", new byte[200_000], 0644).build())
                .start();
        List<Advisory> found = new ArrayList<>();
        List<NoEvidence> silent = new ArrayList<>();
        source().advisories(query("bookworm", "apache2", "2.4.68-1~deb12u1", "libapache2-mod-md"), found::add, silent::add);

        assertThat(silent).isEmpty();
        assertThat(cves(found)).isEqualTo(cvesOfEntry(text, v)).hasSize(23);
        assertThat(cves(found)).doesNotContainAnyElementsOf(cvesOfEntry(text, "2.4.68-1~deb12u1"));
        assertThat(found).allSatisfy(a -> {
            assertThat(a.fixedVersion()).hasToString(v);
            assertThat(a.urgency()).isEqualTo("medium");
            assertThat(Severity.fromUrgency(a.urgency())).isEqualTo(Severity.MEDIUM);
            assertThat(a.description()).contains("read from apache2 " + v);
        });
    }

    @Test
    void advisories_openjdkBackportWithoutItsEntry_readsFromTheBaseVersionsPosition() throws Exception {
        String text = changelog("openjdk-21_21.0.13.1+2-1~deb13u1.changelog");
        String v = "21.0.13.1+2-1~deb13u1";
        archive = FakeArchive.builder(KEY)
                .add("trixie", "main", jdk("openjdk-21-jre-headless", "21.0.13+9-1~deb13u2").build())
                .add("trixie-security", "main", jdk("openjdk-21-jre", v).symlink("/usr/share/doc/openjdk-21-jre", "openjdk-21-jre-headless").build())
                .add("trixie-security", "main", jdk("openjdk-21-jre-headless", v)
                        .file("/usr/share/doc/openjdk-21-jre-headless/changelog.Debian.gz", gzip(text), 0644).build())
                .start();
        List<Advisory> found = new ArrayList<>();
        source().advisories(query("trixie", "openjdk-21", "21.0.13+9-1~deb13u2", "openjdk-21-jre-headless"), found::add,
                n -> { throw new AssertionError("no evidence: " + n); });

        Set<String> expected = new TreeSet<>(cvesOfEntry(text, "21.0.13.1+2-1"));
        expected.addAll(cvesOfEntry(text, "21.0.13.0.3+1-1"));
        assertThat(cves(found)).isEqualTo(expected).hasSize(10);
        // 21.0.13+9-1 sorts above the installed 21.0.13+9-1~deb13u2, but the installed backport already has its fixes.
        assertThat(cves(found)).doesNotContainAnyElementsOf(cvesOfEntry(text, "21.0.13+9-1"));
        assertThat(found).filteredOn(a -> a.cve().equals("CVE-2026-91403"))
                .singleElement().satisfies(a -> assertThat(a.fixedVersion()).hasToString("21.0.13.0.3+1-1"));
    }

    @Test
    void advisories_noBinaryCarriesAChangelog_reportsNoEvidence() throws Exception {
        archive = FakeArchive.builder(KEY)
                .add("trixie", "main", FakeDeb.builder("libfoo1", "1.0-1", "amd64").field("Source", "foo").build())
                .add("trixie-security", "main", FakeDeb.builder("libfoo1", "1.0-1+deb13u1", "amd64").field("Source", "foo")
                        .symlink("/usr/share/doc/libfoo1", "foo-data").build())
                .add("trixie-security", "main", FakeDeb.builder("foo-data", "1.0-1+deb13u1", "all").field("Source", "foo")
                        .file("/usr/share/foo/data", new byte[10], 0644).build())
                .start();
        List<Advisory> found = new ArrayList<>();
        List<NoEvidence> silent = new ArrayList<>();
        source().advisories(query("trixie", "foo", "1.0-1", "libfoo1"), found::add, silent::add);

        assertThat(found).isEmpty();
        assertThat(silent).singleElement().satisfies(n -> {
            assertThat(n.source()).isEqualTo("foo");
            assertThat(n.candidate()).isEqualTo("1.0-1+deb13u1");
            assertThat(n.reason()).contains("libfoo1, foo-data");
        });
    }

    @Test
    void advisories_warmCache_readsNoPackageAgain() throws Exception {
        String text = changelog("apache2_2.4.71-1~deb12u1.changelog");
        String v = "2.4.71-1~deb12u1";
        archive = FakeArchive.builder(KEY)
                .add("bookworm", "main", apache("libapache2-mod-md", "2.4.68-1~deb12u1").build())
                .add("bookworm-security", "main", apache("libapache2-mod-md", v).symlink("/usr/share/doc/libapache2-mod-md", "apache2").build())
                .add("bookworm-security", "main", apache("apache2", v).file("/usr/share/doc/apache2/changelog.Debian.gz", gzip(text), 0644).build())
                .start();
        AdvisoryQuery q = query("bookworm", "apache2", "2.4.68-1~deb12u1", "libapache2-mod-md");
        List<Advisory> first = new ArrayList<>();
        source().advisories(q, first::add);
        Files.walk(cache.resolve("debs")).filter(Files::isRegularFile).forEach(p -> p.toFile().delete());
        int requests = archive.requests().size();
        List<Advisory> again = new ArrayList<>();
        source().advisories(q, again::add);
        assertThat(again).isEqualTo(first);
        assertThat(archive.requests().subList(requests, archive.requests().size())).noneMatch(r -> r.contains(".deb"));
    }

    @Test
    void newest_warmCache_readsNoIndexAndAnswersTheSame() throws Exception {
        String v = "2.4.71-1~deb12u1";
        archive = FakeArchive.builder(KEY)
                .add("bookworm", "main", apache("libapache2-mod-md", "2.4.68-1~deb12u1").build())
                .add("bookworm-security", "main", apache("libapache2-mod-md", v).build())
                .add("bookworm-security", "main", apache("apache2", v).build())
                .start();
        List<String> suites = List.of("bookworm", "bookworm-security");
        List<dev.bulwark.debian.archive.ArchivePackage> first = source().newest(suites, Set.of("libapache2-mod-md"));
        assertThat(first).singleElement().satisfies(p -> {
            assertThat(p.version()).hasToString(v);
            assertThat(p.suite()).isEqualTo("bookworm-security");
        });
        for (String dir : List.of("indexes/parsed", "indexes/reduced", "indexes/sha256")) {
            deleteTree(cache.resolve(dir));
        }
        int requests = archive.requests().size();

        List<dev.bulwark.debian.archive.ArchivePackage> again = source().newest(suites, Set.of("libapache2-mod-md"));

        assertThat(again).isEqualTo(first);
        assertThat(archive.requests().subList(requests, archive.requests().size())).noneMatch(r -> r.contains("Packages"));
        assertThat(cache.resolve("indexes/parsed")).doesNotExist();
    }

    @Test
    void newest_memoEditedWithoutItsDigest_isDerivedAgainFromTheIndexes() throws Exception {
        String v = "2.4.71-1~deb12u1";
        archive = FakeArchive.builder(KEY)
                .add("bookworm", "main", apache("libapache2-mod-md", "2.4.68-1~deb12u1").build())
                .add("bookworm-security", "main", apache("libapache2-mod-md", v).build())
                .start();
        List<String> suites = List.of("bookworm", "bookworm-security");
        List<dev.bulwark.debian.archive.ArchivePackage> first = source().newest(suites, Set.of("libapache2-mod-md"));
        Path memo;
        try (var s = Files.list(cache.resolve("changelogs/derived"))) {
            memo = s.filter(p -> p.getFileName().toString().startsWith("newest-")).findFirst().orElseThrow();
        }
        Files.writeString(memo, Files.readString(memo).replace(v, "2.4.68-1~deb12u1"));

        assertThat(source().newest(suites, Set.of("libapache2-mod-md"))).isEqualTo(first);
        assertThat(Files.readString(memo)).contains(v);
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private ChangelogSource source() throws Exception {
        HttpTransport transport = new HttpTransport(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10)));
        HttpArchive http = new HttpArchive(new MirrorConfig(archive.baseUrl(), null, "test"), transport,
                new ClearsignVerifier(Keyring.load(new ByteArrayInputStream(KEY.publicKeyring()), "test"), Clock.systemUTC()),
                cache, Clock.systemUTC());
        return new ChangelogSource(http, new DebFetcher(transport, new DebCache(cache), 2), List.of("main"), "amd64",
                Progress.NONE, cache);
    }

    private static AdvisoryQuery query(String release, String source, String installed, String binary) throws Exception {
        return new AdvisoryQuery(release, List.of(release, release + "-security"),
                Map.of(source, DebianVersion.parse(installed)), Set.of(binary));
    }

    private static FakeDeb.Builder apache(String name, String version) {
        return FakeDeb.builder(name, version, "amd64").field("Source", "apache2");
    }

    private static FakeDeb.Builder jdk(String name, String version) {
        return FakeDeb.builder(name, version, "amd64").field("Source", "openjdk-21");
    }

    static String changelog(String name) throws Exception {
        return Files.readString(VulnData.file("changelogs/" + name));
    }

    static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The CVE ids named in the entry of {@code version}, read independently of the code under test. */
    static Set<String> cvesOfEntry(String text, String version) {
        Set<String> out = new TreeSet<>();
        boolean in = false;
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                in = line.contains("(" + version + ")");
                continue;
            }
            if (in) {
                Matcher m = Pattern.compile("CVE-\\d{4}-\\d+").matcher(line);
                while (m.find()) {
                    out.add(m.group());
                }
            }
        }
        return out;
    }

    private static Set<String> cves(List<Advisory> found) {
        Set<String> out = new TreeSet<>();
        found.forEach(a -> out.add(a.cve()));
        return out;
    }
}
