package dev.bulwark.scan.vex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.scan.ScanException;
import dev.bulwark.scan.VulnData;
import dev.bulwark.scan.advisory.AdvisoryDb;
import dev.bulwark.scan.advisory.AdvisoryQuery;
import dev.bulwark.scan.advisory.SecuritySupport;
import dev.bulwark.scan.advisory.TrackerJsonSource;
import dev.bulwark.scan.match.Matcher;
import dev.bulwark.scan.match.MatcherTest;
import dev.bulwark.scan.match.ScanResult;
import dev.bulwark.scan.match.ScanTarget;
import dev.bulwark.scan.match.Suppressed;
import dev.bulwark.debian.installed.OsRelease;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

public class VexTest {

    static final String DIGEST = "sha256:" + "1".repeat(64);

    static ScanTarget target() throws Exception {
        return new ScanTarget("oci:out/app:latest", DIGEST, OsRelease.parse("ID=debian\nVERSION_ID=12"), "bookworm",
                List.of("bookworm", "bookworm-security"), List.of(MatcherTest.pkg("libfoo1", "1.0-1", "libfoo")));
    }

    public static ScanResult scan() throws Exception {
        ScanTarget t = target();
        AdvisoryDb db = AdvisoryDb.load(List.of(new TrackerJsonSource(MatcherTest.data("res:statuses.json"))),
                new AdvisoryQuery("bookworm", t.suites(), t.sources()));
        return new Matcher(db, SecuritySupport.none()).scan(t, false);
    }

    public static VexDocument appTeam() throws Exception {
        try (InputStream in = VexTest.class.getResourceAsStream("/vex/app-team.openvex.json")) {
            return OpenVex.read(in, "app-team.openvex.json");
        }
    }

    @Test
    void apply_suppressesNotAffectedAndFixed_keepsAffectedAndOtherImages() throws Exception {
        ScanResult r = VexFilter.apply(scan(), List.of(appTeam()));
        assertThat(r.suppressed()).extracting(s -> s.finding().cve() + " " + s.vexStatus() + " " + s.justification())
                .containsExactly("CVE-2099-0002 fixed ", "CVE-2099-0004 not_affected vulnerable_code_not_in_execute_path");
        Suppressed s = r.suppressed().get(1);
        assertThat(s.statement()).isEqualTo("the app never calls the parser");
        assertThat(s.document()).isEqualTo("https://example.org/vex/app-team-1");
        assertThat(r.findings()).extracting(f -> f.cve())
                .containsExactly("CVE-2099-0001", "CVE-2099-0003", "CVE-2099-0005");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "pkg:deb/debian/libfoo              | pkg:deb/debian/libfoo@1.0-1?arch=source&distro=debian-12 | true",
            "pkg:deb/debian/libfoo@1.0-1        | pkg:deb/debian/libfoo@1.0-1?arch=source&distro=debian-12 | true",
            "pkg:deb/debian/libfoo@1.0-2        | pkg:deb/debian/libfoo@1.0-1?arch=source                  | false",
            "pkg:deb/debian/libfoo?arch=amd64   | pkg:deb/debian/libfoo@1.0-1?arch=source                  | false",
            "pkg:deb/ubuntu/libfoo              | pkg:deb/debian/libfoo@1.0-1                              | false",
            "pkg:deb/debian/libfoo@1:2.0%2Bdfsg-1 | pkg:deb/debian/libfoo@1:2.0+dfsg-1                      | true",
            "pkg:oci/app@sha256%3Aabc           | pkg:oci/app@sha256:abc?repository_url=r.example/app      | true",
    })
    void purl_covers_matchesTypeNameVersionAndGivenQualifiers(String statement, String pkg, boolean expected) {
        assertThat(Purl.parse(statement).covers(Purl.parse(pkg))).isEqualTo(expected);
    }

    @Test
    void openVex_writeThenRead_roundTrips() throws Exception {
        VexDocument doc = appTeam();
        byte[] bytes = OpenVex.write(doc);
        VexDocument back = OpenVex.read(new ByteArrayInputStream(bytes), "written");
        assertThat(back).isEqualTo(new VexDocument(doc.id(), doc.author(), doc.timestamp(), 1, doc.statements()));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"@context\" : \"https://openvex.dev/ns/v0.2.0\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"statements\": []}                                                                   | not OpenVEX",
            "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"statements\": [{\"status\": \"fixed\"}]} | names no vulnerability",
            "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"statements\": [{\"vulnerability\": {\"name\": \"CVE-1\"}, \"status\": \"maybe\"}]} | status 'maybe'",
    })
    void openVex_read_rejectsBadDocuments(String json, String message) {
        assertThatThrownBy(() -> OpenVex.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "bad.json"))
                .isInstanceOf(ScanException.class).hasMessageContaining("bad.json").hasMessageContaining(message);
    }

    @Test
    void debianVex_statesNeverAffectedNodsaAndFixed() throws Exception {
        ScanTarget t = new ScanTarget("oci:out/ds:latest", DIGEST, OsRelease.parse("ID=debian\nVERSION_ID=11"), "bullseye",
                List.of("bullseye"), List.of(MatcherTest.pkg("389-ds-base", "1.4.4.11-2", "389-ds-base")));
        AdvisoryDb db = AdvisoryDb.load(List.of(new TrackerJsonSource(
                VulnData.file("tracker-json/vulsdata-advisory-with-nodsa.json"))), AdvisoryQuery.wholeRelease("bullseye"));
        VexDocument doc = DebianVex.generate(t, db, "Bulwark", Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(doc.statements()).extracting(s -> s.vulnerability() + " " + s.status() + " " + s.justification())
                .containsExactly("CVE-2012-0833 not_affected vulnerable_code_not_present",
                        "CVE-2016-5405 fixed ",
                        "CVE-2016-5416 affected ");
        assertThat(doc.statements().get(2).actionStatement()).contains("ignored").contains("Minor issue");
        assertThat(doc.statements().get(0).products().get(0).id()).startsWith("pkg:oci/ds@sha256%3A111");
        assertThat(doc.statements().get(0).products().get(0).subcomponents())
                .containsExactly("pkg:deb/debian/389-ds-base@1.4.4.11-2?arch=amd64&distro=debian-11");
        assertThat(DebianVex.generate(t, db, "Bulwark", Instant.parse("2026-11-23T00:00:00Z")).id()).isEqualTo(doc.id());
    }

    @Test
    void debianVex_appliedBack_suppressesItsOwnNotAffected() throws Exception {
        ScanResult r = scan();
        VexDocument own = DebianVex.generate(r.target(), AdvisoryDb.load(List.of(new TrackerJsonSource(
                MatcherTest.data("res:statuses.json"))), AdvisoryQuery.wholeRelease("bookworm")), "b", Instant.EPOCH);
        assertThat(VexFilter.apply(r, List.of(own)).findings()).hasSameSizeAs(r.findings());
    }
}
