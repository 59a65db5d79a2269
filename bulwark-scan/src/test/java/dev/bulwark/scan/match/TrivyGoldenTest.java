package dev.bulwark.scan.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.scan.VulnData;
import dev.bulwark.scan.advisory.Advisory;
import dev.bulwark.scan.advisory.AdvisoryDb;
import dev.bulwark.scan.advisory.AdvisoryStatus;
import dev.bulwark.debian.release.DebianReleases;
import dev.bulwark.scan.advisory.SecuritySupport;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.installed.OsRelease;
import dev.bulwark.debian.version.DebianVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Replays Trivy's Debian integration goldens (trivy-fixtures/): its tiny advisory DB is turned into advisories, each
 * golden's packages are scanned, and (package, installed version, CVE, fixed version, status) must be exactly the
 * golden's. Trivy's words map from ours: vulnerable → "fixed" (a fixed version exists), end-of-life → "end_of_life",
 * everything else (open, postponed …) → "affected", as Trivy's goldens show it.
 */
class TrivyGoldenTest {

    /** Binary → source of the golden images' packages (their dpkg status stanzas' Source: fields). */
    private static final Map<String, String> SOURCES = Map.of("libssl1.1", "openssl", "openssl", "openssl",
            "e2fslibs", "e2fsprogs", "e2fsprogs", "e2fsprogs", "libcomerr2", "e2fsprogs", "libss2", "e2fsprogs",
            "libidn2-0", "libidn2", "bash", "bash");

    @ParameterizedTest
    @ValueSource(strings = {"debian-buster.json.golden", "debian-buster-ignore-unfixed.json.golden",
            "debian-stretch.json.golden", "distroless-base.json.golden", "distroless-python27.json.golden"})
    void scan_reproducesTrivyGolden(String golden) throws Exception {
        List<String[]> rows = Files.readAllLines(VulnData.file("trivy-fixtures/debian-goldens-summary.csv")).stream()
                .skip(1).map(l -> l.split(",", -1)).filter(r -> r[0].equals(golden)).toList();
        String release = DebianReleases.codename(rows.get(0)[1]).orElseThrow();
        Map<String, InstalledPackage> packages = new LinkedHashMap<>();
        for (String[] r : rows) {
            packages.putIfAbsent(r[2], MatcherTest.pkg(r[2], r[3], SOURCES.get(r[2])));
        }
        AdvisoryDb db = trivyDb();
        ScanTarget target = new ScanTarget(golden, null, OsRelease.parse("ID=debian\nVERSION_ID=" + rows.get(0)[1]),
                release, ScanTarget.defaultSuites(release), new ArrayList<>(packages.values()));
        ScanResult result = new Matcher(db, SecuritySupport.none()).scan(target, golden.contains("ignore-unfixed"));

        TreeSet<String> expected = new TreeSet<>();
        rows.forEach(r -> expected.add(String.join(",", r[2], r[3], r[4], r[5], r[6])));
        TreeSet<String> actual = new TreeSet<>();
        for (Finding f : result.findings()) {
            actual.add(String.join(",", f.pkg().name(), f.pkg().version().toString(), f.cve(),
                    f.fixedVersion() == null ? "" : f.fixedVersion().toString(), trivyStatus(f)));
        }
        assertThat(actual).isEqualTo(expected);
    }

    static String trivyStatus(Finding f) {
        return switch (f.status()) {
            case VULNERABLE -> "fixed";
            case END_OF_LIFE -> "end_of_life";
            default -> "affected";
        };
    }

    /**
     * Trivy's fixture DB as advisories: {@code FixedVersion} → resolved; {@code Status: 7} (Trivy's end_of_life) → open
     * with urgency end-of-life; {@code State: postponed} → open, postponed; anything else → open.
     */
    @SuppressWarnings("unchecked")
    static AdvisoryDb trivyDb() throws Exception {
        AdvisoryDb db = new AdvisoryDb();
        List<Map<String, Object>> buckets;
        try (InputStream in = Files.newInputStream(VulnData.file("trivy-fixtures/debian.yaml"))) {
            buckets = new Yaml().load(in);
        }
        for (Map<String, Object> os : buckets) {
            String release = DebianReleases.codename(((String) os.get("bucket")).replace("debian ", "")).orElseThrow();
            for (Map<String, Object> pkg : (List<Map<String, Object>>) os.get("pairs")) {
                String source = (String) pkg.get("bucket");
                for (Map<String, Object> pair : (List<Map<String, Object>>) pkg.get("pairs")) {
                    Map<String, Object> v = (Map<String, Object>) pair.get("value");
                    String fixed = (String) v.get("FixedVersion");
                    boolean eol = Integer.valueOf(7).equals(v.get("Status"));
                    db.add(new Advisory(source, release, (String) pair.get("key"),
                            fixed != null ? AdvisoryStatus.RESOLVED : AdvisoryStatus.OPEN,
                            fixed != null ? DebianVersion.parse(fixed) : null, eol ? "end-of-life" : "",
                            "postponed".equals(v.get("State")) ? "postponed" : "",
                            "postponed".equals(v.get("State")) ? "postponed" : "", Map.of(), "trivy-fixture", ""));
                }
            }
        }
        return db;
    }
}
