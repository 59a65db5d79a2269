package dev.bulwark.scan.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.scan.VulnData;
import dev.bulwark.scan.advisory.AdvisoryDb;
import dev.bulwark.scan.advisory.AdvisoryQuery;
import dev.bulwark.scan.advisory.SecuritySupport;
import dev.bulwark.scan.advisory.TrackerJsonSource;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.installed.InstalledPackages;
import dev.bulwark.debian.installed.OsRelease;
import dev.bulwark.debian.version.DebianVersion;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

public class MatcherTest {

    public static Path data(String name) {
        if (name.startsWith("res:")) {
            try {
                return Path.of(MatcherTest.class.getResource("/advisories/" + name.substring(4)).toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return VulnData.file("tracker-json/" + name);
    }

    public static InstalledPackage pkg(String name, String version, String source) throws Exception {
        String stanza = "Package: " + name + "\nStatus: install ok installed\nArchitecture: amd64\nVersion: " + version
                + (source.equals(name) ? "" : "\nSource: " + source) + "\n";
        return InstalledPackages.parseStatus(stanza, "status").get(0);
    }

    static ScanResult scan(Path file, String release, List<String> suites, List<InstalledPackage> packages,
                           boolean ignoreUnfixed) throws Exception {
        ScanTarget target = new ScanTarget("test", null, OsRelease.parse("ID=debian"), release, suites, packages);
        AdvisoryDb db = AdvisoryDb.load(List.of(new TrackerJsonSource(file)),
                new AdvisoryQuery(release, suites, target.sources()));
        return new Matcher(db, SecuritySupport.none()).scan(target, ignoreUnfixed);
    }

    @ParameterizedTest(name = "{2} {3} {4}@{5} → {7}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // file                                  | release  | source     | cve           | installed  | suites                     | binary    | status       | fixed             | fix suite         | severity
            "osvdev-debian_security_tracker_mock.json | bookworm | apparmor   | CVE-2014-1424 | 3.0.8-3    | bookworm                   | apparmor  | NONE         | -                 | -                 | -",
            "osvdev-debian_security_tracker_mock.json | bookworm | apparmor   | CVE-2016-1585 | 3.0.8-3    | bookworm                   | apparmor  | OPEN         | -                 | -                 | NEGLIGIBLE",
            "osvdev-debian_security_tracker_mock.json | bookworm | apparmor   | CVE-2017-6507 | 3.0.8-3    | bookworm                   | apparmor  | NONE         | -                 | -                 | -",
            "osvdev-debian_security_tracker_mock.json | bookworm | apparmor   | CVE-2017-6507 | 2.10-1     | bookworm                   | libapparmor1 | VULNERABLE | 2.11.0-3        | bookworm          | UNKNOWN",
            "vulsdata-advisory-with-nodsa.json        | bullseye | 389-ds-base | CVE-2016-5416 | 1.4.4.11-2 | bullseye                  | 389-ds    | IGNORED      | -                 | -                 | UNKNOWN",
            "vulsdata-advisory-with-nodsa.json        | bullseye | 389-ds-base | CVE-2012-0833 | 1.4.4.11-2 | bullseye                  | 389-ds    | NONE         | -                 | -                 | -",
            "vunnel-input-debian.json                 | buster   | chromium   | CVE-2022-0456 | 89.0.4389.114-1~deb10u1 | buster,buster-security | chromium | END_OF_LIFE | - | -          | NEGLIGIBLE",
            "vunnel-input-debian.json                 | bullseye | chromium   | CVE-2022-0456 | 90.0.4430.212-1 | bullseye,bullseye-security | chromium | VULNERABLE | 98.0.4758.80-1~deb11u1 | bullseye-security | UNKNOWN",
            "vunnel-input-debian.json                 | bullseye | chromium   | CVE-2022-0456 | 90.0.4430.212-1 | bullseye              | chromium  | VULNERABLE   | 98.0.4758.80-1~deb11u1 | -            | UNKNOWN",
            "vunnel-input-debian.json                 | stretch  | prototypejs | CVE-2008-7220 | 1.6.0.1-1 | stretch                   | libjs-prototype | VULNERABLE | 1.6.0.2-1  | stretch           | HIGH",
            "vunnel-input-debian.json                 | stretch  | txt2man    | CVE-2013-1444 | 1.5.5-4    | stretch                    | txt2man   | VULNERABLE   | 1.5.5-4.1         | stretch           | LOW",
            "vunnel-input-debian.json                 | bookworm | sope       | CVE-2025-53603 | 5.8.0-1   | bookworm,bookworm-updates,bookworm-security | libsope1 | VULNERABLE | 5.8.0-1+deb12u1 | bookworm-security | UNKNOWN",
            "vunnel-input-debian.json                 | bookworm | sope       | CVE-2025-53603 | 5.8.0-1+deb12u1 | bookworm             | libsope1  | NONE         | -                 | -                 | -",
            "res:statuses.json                        | bookworm | libfoo     | CVE-2099-0001 | 1.0-1      | bookworm                   | libfoo1   | POSTPONED    | -                 | -                 | LOW",
            "res:statuses.json                        | bookworm | libfoo     | CVE-2099-0002 | 1.0-1      | bookworm                   | libfoo1   | NODSA        | -                 | -                 | LOW",
            "res:statuses.json                        | bookworm | libfoo     | CVE-2099-0003 | 1.0-1      | bookworm                   | libfoo1   | UNDETERMINED | -                 | -                 | UNKNOWN",
            "res:statuses.json                        | bookworm | libfoo     | CVE-2099-0004 | 1.0-1      | bookworm,bookworm-security | libfoo1   | VULNERABLE   | 1.0-1+deb12u1     | -                 | MEDIUM",
            "res:statuses.json                        | bookworm | libfoo     | CVE-2099-0005 | 1.0-1      | bookworm,bookworm-security | libfoo1   | VULNERABLE   | 1.0-1+deb12u2     | bookworm-security | HIGH",
            "res:statuses.json                        | bookworm | libfoo     | CVE-2099-0005 | 1.0-1      | bookworm                   | libfoo1   | VULNERABLE   | 1.0-1+deb12u2     | -                 | HIGH",
            "res:statuses.json                        | bookworm | libfoo     | CVE-2099-0005 | 1.0-1+deb12u2 | bookworm                | libfoo1   | NONE         | -                 | -                 | -",
    })
    void scan_appliesDebianStatusRules(String file, String release, String source, String cve, String installed,
                                        String suites, String binary, String status, String fixed, String fixSuite,
                                        String severity) throws Exception {
        ScanResult r = scan(data(file), release, Arrays.asList(suites.split(",")),
                List.of(pkg(binary, installed, source)), false);
        List<Finding> matching = r.findings().stream().filter(f -> f.cve().equals(cve)).toList();
        if (status.equals("NONE")) {
            assertThat(matching).isEmpty();
            return;
        }
        assertThat(matching).hasSize(1);
        Finding f = matching.get(0);
        assertThat(f.pkg().name()).isEqualTo(binary);
        assertThat(f.status()).hasToString(status);
        assertThat(f.fixedVersion() == null ? null : f.fixedVersion().toString()).isEqualTo(fixed);
        assertThat(f.fixSuite()).isEqualTo(fixSuite);
        assertThat(f.severity()).hasToString(severity);
    }

    @Test
    void scan_mapsEveryBinaryOfASourceWithItsOwnSourceVersion() throws Exception {
        // libfoo1 is built from libfoo 1.0-1+deb12u2 (binNMU-style Source: with version), libfoo-bin from 1.0-1.
        ScanResult r = scan(data("res:statuses.json"), "bookworm", List.of("bookworm", "bookworm-security"), List.of(
                pkg("libfoo1", "1.0-1+deb12u2+b1", "libfoo (1.0-1+deb12u2)"), pkg("libfoo-bin", "1.0-1", "libfoo"),
                pkg("unrelated", "1.0-1", "unrelated")), false);
        assertThat(r.findings()).filteredOn(f -> f.cve().equals("CVE-2099-0005"))
                .extracting(f -> f.pkg().name()).containsExactly("libfoo-bin");
        assertThat(r.findings()).extracting(f -> f.pkg().source()).containsOnly("libfoo");
    }

    @Test
    void scan_ignoreUnfixed_keepsOnlyFindingsWithAFixedVersion() throws Exception {
        ScanResult r = scan(data("res:statuses.json"), "bookworm", List.of("bookworm"),
                List.of(pkg("libfoo1", "1.0-1", "libfoo")), true);
        assertThat(r.findings()).extracting(Finding::cve).containsExactly("CVE-2099-0004", "CVE-2099-0005");
    }

    @Test
    void scan_flagsLimitedAndEndedSecuritySupport() throws Exception {
        SecuritySupport support = SecuritySupport.load(VulnData.file("debian-security-support"), "12");
        ScanTarget target = new ScanTarget("t", null, OsRelease.parse("ID=debian"), "bookworm", List.of("bookworm"),
                List.of(pkg("binutils", "2.40-2", "binutils"), pkg("golang-1.19-go", "1.19.8-2", "golang-1.19"),
                        pkg("libwpewebkit-1.0-3", "2.38.6-1", "wpewebkit"), pkg("bash", "5.2.15-2", "bash")));
        ScanResult r = new Matcher(new AdvisoryDb(), support).scan(target, false);
        assertThat(r.supportNotes()).extracting(n -> n.source() + ":" + n.entry().level())
                .containsExactly("binutils:LIMITED", "golang-1.19:LIMITED", "wpewebkit:ENDED");
    }

    @Test
    void sources_takesLowestInstalledVersionPerSource() throws Exception {
        ScanTarget target = new ScanTarget("t", null, OsRelease.parse(""), "bookworm", List.of(), List.of(
                pkg("a", "2.0-1", "s"), pkg("b", "1.0-1", "s")));
        assertThat(target.sources()).isEqualTo(Map.of("s", DebianVersion.parse("1.0-1")));
    }
}
