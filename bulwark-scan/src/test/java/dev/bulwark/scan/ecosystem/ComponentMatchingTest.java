package dev.bulwark.scan.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.image.components.Component;
import dev.bulwark.image.components.Ecosystem;
import dev.bulwark.scan.advisory.AdvisoryDb;
import dev.bulwark.scan.advisory.AdvisoryQuery;
import dev.bulwark.scan.advisory.OsvSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-made OSV records, one per ecosystem, matched against components by each ecosystem's version order. */
class ComponentMatchingTest {

    @TempDir
    Path tmp;

    static final String MAVEN = """
            {"id": "GHSA-jjjh-jjxp-wpff", "aliases": ["CVE-2022-42003"], "summary": "deep wrapper array nesting",
             "affected": [{"package": {"ecosystem": "Maven", "name": "com.fasterxml.jackson.core:jackson-databind"},
               "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.4.0-rc1"}, {"fixed": "2.12.7.1"},
                          {"introduced": "2.13.0"}, {"fixed": "2.13.4.2"}]}],
               "database_specific": {"severity": "HIGH"}}]}
            """;
    static final String PYPI = """
            {"id": "GHSA-9wx4-h78v-vm56", "aliases": ["CVE-2024-35195"],
             "affected": [{"package": {"ecosystem": "PyPI", "name": "Requests"},
               "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.32.0"}]}],
               "database_specific": {"severity": "MODERATE"}},
              {"package": {"ecosystem": "PyPI", "name": "old-thing"}, "versions": ["1.0.post1"]}]}
            """;
    static final String NPM = """
            {"id": "GHSA-aaaa-bbbb-cccc",
             "affected": [{"package": {"ecosystem": "npm", "name": "@scope/parser"},
               "ranges": [{"type": "SEMVER", "events": [{"introduced": "1.0.0-beta.1"}, {"last_affected": "1.2.3"}]},
                          {"type": "GIT", "repo": "x", "events": [{"introduced": "abc"}]}]}]}
            """;
    static final String DEBIAN = """
            {"id": "DSA-5000-1", "aliases": ["CVE-2024-0001"],
             "affected": [{"package": {"ecosystem": "Debian:13", "name": "zlib"},
               "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1:1.3-1"}]}]}]}
            """;

    private static Component maven(String version) {
        return new Component(Ecosystem.MAVEN, "com.fasterxml.jackson.core", "jackson-databind", version, List.of(),
                "/app/lib/jackson-databind-" + version + ".jar", null);
    }

    private static Component pypi(String name, String version) {
        return new Component(Ecosystem.PYPI, null, name, version, List.of(), "/srv/" + name + ".dist-info", null);
    }

    private static Component npm(String version) {
        return new Component(Ecosystem.NPM, "@scope", "parser", version, List.of(), "/app/node_modules/@scope/parser/package.json", null);
    }

    private ComponentScan scan(List<Component> components, String... records) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("osv"));
        for (int i = 0; i < records.length; i++) {
            Files.writeString(dir.resolve("record-" + i + ".json"), records[i]);
        }
        AdvisoryDb db = AdvisoryDb.load(List.of(new OsvSource(dir)), AdvisoryQuery.wholeRelease("trixie"));
        return ComponentMatcher.match(components, db.components());
    }

    private static List<String> dump(ComponentScan s) {
        return s.findings().stream().map(f -> f.component().purl() + " " + f.id() + " " + f.severity().word() + " fixed "
                + f.fixedVersion()).toList();
    }

    @Test
    void maven_matchesTheRangeTheInstalledVersionFallsInAndNamesItsFix() throws Exception {
        ComponentScan s = scan(List.of(maven("2.13.4"), maven("2.13.4.2"), maven("2.12.7"), maven("2.3.0"),
                maven("2.14.0-rc1")), MAVEN);

        assertThat(dump(s)).containsExactly(
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.12.7 CVE-2022-42003 high fixed 2.12.7.1",
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.4 CVE-2022-42003 high fixed 2.13.4.2");
        assertThat(s.unchecked()).isEmpty();
    }

    @Test
    void pypi_comparesNormalizedNamesAndPep440VersionsAndListedVersions() throws Exception {
        ComponentScan s = scan(List.of(pypi("requests", "2.31.0"), pypi("requests", "2.32.0rc1"),
                pypi("requests", "2.32.3"), pypi("Old_Thing", "1.0.post1"), pypi("old-thing", "1.0")), PYPI);

        assertThat(dump(s)).containsExactly(
                "pkg:pypi/old-thing@1.0.post1 CVE-2024-35195 unknown fixed null",
                "pkg:pypi/requests@2.31.0 CVE-2024-35195 medium fixed 2.32.0",
                "pkg:pypi/requests@2.32.0rc1 CVE-2024-35195 medium fixed 2.32.0");
    }

    @Test
    void npm_honoursLastAffectedWithSemverPrereleases() throws Exception {
        ComponentScan s = scan(List.of(npm("1.2.3"), npm("1.2.4"), npm("1.0.0-alpha"), npm("1.0.0-beta.2")), NPM);

        assertThat(dump(s)).containsExactly(
                "pkg:npm/%40scope/parser@1.0.0-beta.2 GHSA-aaaa-bbbb-cccc unknown fixed null",
                "pkg:npm/%40scope/parser@1.2.3 GHSA-aaaa-bbbb-cccc unknown fixed null");
    }

    @Test
    void match_saysComponentsOfEcosystemsWithoutDataWereNotChecked() throws Exception {
        Component owned = maven("2.13.4").ownedBy("libjackson2-databind-java");
        ComponentScan s = scan(List.of(maven("2.13.4"), pypi("requests", "2.31.0"), npm("1.2.3"), owned), DEBIAN, NPM);

        assertThat(s.findings()).extracting(f -> f.component().ecosystem()).containsExactly(Ecosystem.NPM);
        assertThat(s.unchecked()).extracting(u -> u.component().purl() + ": " + u.reason()).containsExactly(
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.4: no Maven advisory data",
                "pkg:pypi/requests@2.31.0: no PyPI advisory data");
        assertThat(s.debianOwned()).containsExactly(owned);
    }

    @Test
    void match_notesAVersionTheEcosystemCannotRead() throws Exception {
        ComponentScan s = scan(List.of(npm("not.a.version")), NPM);

        assertThat(s.findings()).isEmpty();
        assertThat(s.unchecked()).singleElement().satisfies(u -> assertThat(u.reason()).contains("not a semantic version"));
    }

    @Test
    void osvZip_readsEcosystemRecordsAsADirectoryDoes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("GHSA-jjjh-jjxp-wpff.json"));
            zip.write(MAVEN.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Path file = Files.write(tmp.resolve("all.zip"), bytes.toByteArray());
        AdvisoryDb db = AdvisoryDb.load(List.of(new OsvSource(file)), AdvisoryQuery.wholeRelease("trixie"));

        assertThat(db.components().covers(Ecosystem.MAVEN)).isTrue();
        assertThat(db.components().covers(Ecosystem.NPM)).isFalse();
        assertThat(dump(ComponentMatcher.match(List.of(maven("2.13.3")), db.components())))
                .containsExactly("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.3 CVE-2022-42003 high fixed 2.13.4.2");
    }
}
