package dev.bulwark.scan.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.scan.VulnData;
import dev.bulwark.debian.version.DebianVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdvisorySourcesTest {

    @TempDir
    Path tmp;

    private static List<Advisory> all(AdvisorySource source, String release) throws Exception {
        List<Advisory> out = new ArrayList<>();
        source.advisories(AdvisoryQuery.wholeRelease(release), out::add);
        return out;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "vulsdata-advisory-with-nodsa.json | bullseye | 389-ds-base | CVE-2016-5416 | OPEN     | -         | not yet assigned | Minor issue | ignored",
            "vulsdata-advisory-with-nodsa.json | bullseye | 389-ds-base | CVE-2012-0833 | RESOLVED | 0         | unimportant      | -           | -",
            "vulsdata-advisory-with-nodsa.json | bullseye | wordpress   | TEMP-0000000-0CA7E3 | RESOLVED | 0   | unimportant      | -           | -",
            "vunnel-input-debian.json          | buster   | chromium    | CVE-2022-0456 | OPEN     | -         | end-of-life      | -           | -",
            "vunnel-input-debian.json          | stretch  | prototypejs | CVE-2008-7220 | RESOLVED | 1.6.0.2-1 | high**           | -           | -",
    })
    void trackerJson_readsEveryField(String file, String release, String source, String cve, String status, String fixed,
                                     String urgency, String nodsa, String reason) throws Exception {
        Advisory a = all(new TrackerJsonSource(VulnData.file("tracker-json/" + file)), release).stream()
                .filter(x -> x.source().equals(source) && x.cve().equals(cve)).findFirst().orElseThrow();
        assertThat(a.status()).hasToString(status);
        assertThat(a.fixedVersion() == null ? null : a.fixedVersion().toString()).isEqualTo(fixed);
        assertThat(a.urgency()).isEqualTo(urgency);
        assertThat(a.nodsa()).isEqualTo(nodsa == null ? "" : nodsa);
        assertThat(a.nodsaReason()).isEqualTo(reason == null ? "" : reason);
        assertThat(a.origin()).isEqualTo("debian-tracker");
    }

    @Test
    void trackerJson_derivedSubset_loadsBothReleasesWithSuites() throws Exception {
        TrackerJsonSource s = new TrackerJsonSource(VulnData.file("derived-tracker-shaped-base-subset.json"));
        List<Advisory> bookworm = all(s, "bookworm");
        List<Advisory> trixie = all(s, "trixie");
        assertThat(bookworm.size() + trixie.size()).isGreaterThan(1659);
        Advisory apache = bookworm.stream().filter(a -> a.source().equals("apache2") && a.cve().equals("CVE-2006-20001"))
                .findFirst().orElseThrow();
        assertThat(apache.repositories()).containsEntry("bookworm-security", DebianVersion.parse("2.4.71-1~deb12u1"));
    }

    @Test
    void trackerJson_query_keepsOnlyWantedSources() throws Exception {
        List<Advisory> out = new ArrayList<>();
        AdvisoryDb db = AdvisoryDb.load(List.of(new TrackerJsonSource(VulnData.file("derived-tracker-shaped-base-subset.json"))),
                new AdvisoryQuery("bookworm", List.of("bookworm"), Map.of("acl", DebianVersion.parse("2.3.1-3"))));
        db.all("bookworm").forEach(out::add);
        assertThat(out).isNotEmpty().allMatch(a -> a.source().equals("acl") && a.release().equals("bookworm"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "DSA-135.json  | woody    | libapache-mod-ssl     | CVE-2002-0653  | RESOLVED | 2.8.9-2",
            "DLA-0001-1.json | squeeze | gnutls26             | CVE-2014-3466  | RESOLVED | 2.8.6-1+squeeze4",
            "DTSA-1-1.json | etch     | kismet                | CVE-2005-2627  | RESOLVED | 2005.08.R1-0.1etch1",
            "DEBIAN-CVE-2024-58382.as-quoted-in-a-third-party-test.json | bookworm | php-league-commonmark | CVE-2024-58382 | OPEN | -",
            "DEBIAN-CVE-2024-58382.as-quoted-in-a-third-party-test.json | trixie | php-league-commonmark | CVE-2024-58382 | RESOLVED | 2.6.0-1",
    })
    void osv_readsDirectoryAndZipAlike(String file, String release, String source, String cve, String status,
                                       String fixed) throws Exception {
        Path zip = tmp.resolve("osv.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry(file));
            out.write(Files.readAllBytes(VulnData.file("osv/" + file)));
        }
        for (AdvisorySource s : List.of(new OsvSource(VulnData.file("osv")), new OsvSource(zip))) {
            Advisory a = all(s, release).stream().filter(x -> x.source().equals(source) && x.cve().equals(cve))
                    .findFirst().orElseThrow();
            assertThat(a.status()).hasToString(status);
            assertThat(a.fixedVersion() == null ? null : a.fixedVersion().toString()).isEqualTo(fixed);
        }
    }

    @Test
    void db_firstSourceWins_othersAddSuites() throws Exception {
        AdvisoryDb db = new AdvisoryDb();
        Advisory tracker = new Advisory("s", "bookworm", "CVE-1", AdvisoryStatus.RESOLVED, DebianVersion.parse("1.1"),
                "high", "", "", Map.of("bookworm", DebianVersion.parse("1.0")), "debian-tracker", "");
        Advisory changelog = new Advisory("s", "bookworm", "CVE-1", AdvisoryStatus.RESOLVED, DebianVersion.parse("1.2"),
                "", "", "", Map.of("bookworm-security", DebianVersion.parse("1.2")), "archive-changelog", "");
        db.add(tracker);
        db.add(changelog);
        Advisory merged = db.find("s", "bookworm").iterator().next();
        assertThat(merged.fixedVersion()).hasToString("1.1");
        assertThat(merged.origin()).isEqualTo("debian-tracker");
        assertThat(merged.repositories()).containsOnlyKeys("bookworm", "bookworm-security");
        assertThat(db.size()).isEqualTo(1);
    }

    @Test
    void store_update_keepsFileWithSourceAndDate() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
        AdvisoryStore store = new AdvisoryStore(tmp, clock);
        assertThat(store.current()).isEmpty();
        String from = VulnData.file("tracker-json/vunnel-input-debian.json").toString();
        AdvisoryStore.Stored stored = store.update(from, null);
        assertThat(store.current()).contains(stored);
        assertThat(stored.from()).isEqualTo(from);
        assertThat(stored.updated()).isEqualTo(clock.instant());
        assertThat(stored.format()).isEqualTo(AdvisoryStore.Format.TRACKER_JSON);
        assertThat(all(stored.asSource(), "stretch")).isNotEmpty();
    }

    @Test
    void store_update_refusesFilesThatAreNotAdvisories() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.json"), "[1, 2]");
        AdvisoryStore store = new AdvisoryStore(tmp.resolve("cache"), Clock.systemUTC());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.update(junk.toString(), null))
                .hasMessageContaining("cannot update advisories from " + junk);
        assertThat(store.current()).isEmpty();
    }

    @Test
    void changelog_since_collectsCvesOfNewerEntriesWithLowestFixingVersion() throws Exception {
        String text = """
                openssl (3.0.17-1~deb12u2) bookworm-security; urgency=medium

                  * Fix CVE-2025-9230 and CVE-2025-9232.
                  * Regression fix for CVE-2025-9230.

                 -- Maintainer <m@example.org>  Tue, 30 Sep 2025 10:00:00 +0200

                openssl (3.0.17-1~deb12u1) bookworm; urgency=medium

                  * New upstream release (CVE-2025-4575).
                  * Fix CVE-2025-9230 partially.

                 -- Maintainer <m@example.org>  Tue, 01 Jul 2025 10:00:00 +0200

                openssl (3.0.16-1~deb12u1) bookworm; urgency=medium

                  * Fixes CVE-2024-13176.

                 -- Maintainer <m@example.org>  Tue, 01 Mar 2025 10:00:00 +0200
                """;
        DebianChangelog.Since s = DebianChangelog.since(new java.io.StringReader(text), DebianVersion.parse("3.0.16-1~deb12u1"));
        assertThat(s.newest()).hasToString("3.0.17-1~deb12u2");
        assertThat(s.versions()).hasSize(2);
        assertThat(s.cves()).containsExactly(
                Map.entry("CVE-2025-9230", DebianVersion.parse("3.0.17-1~deb12u1")),
                Map.entry("CVE-2025-9232", DebianVersion.parse("3.0.17-1~deb12u2")),
                Map.entry("CVE-2025-4575", DebianVersion.parse("3.0.17-1~deb12u1")));
    }

}
