package dev.bulwark.cli;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.ImageDefinition;
import dev.bulwark.catalog.model.NewBuild;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.ScanSummary;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.Sha256;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rest of the fleet around a really built image, for the dashboard's browser test: images recorded through the
 * catalog's API with a scanned build every few days, their CVEs falling as fixes are rebuilt in, and the scan a
 * scanner would have recorded for a build that {@code catalog add} made (it does not scan).
 */
final class DashboardFleet {
    private static final String[] SEVERITIES = {"critical", "high", "medium", "low"};

    private DashboardFleet() {
    }

    /** {@code count} images, each with {@code builds} builds one every three days up to {@code now}. */
    static void seed(Catalog catalog, int count, int builds, Instant now) throws Exception {
        for (int i = 0; i < count; i++) {
            String name = String.format("service-%02d", i);
            String spec = "name: " + name + "\ndistribution: trixie\npackages: [libc6, openssl]\n";
            catalog.define(new ImageDefinition(name, "/specs/" + name + ".yaml", sha(spec), spec, "trixie", null,
                    List.of("amd64"), List.of("docker://registry.invalid/" + name + ":1")));
            for (int b = 0; b < builds; b++) {
                Instant at = now.minus(Duration.ofDays(3L * (builds - b)));
                List<Vulnerability> findings = new ArrayList<>();
                for (int k = 0; k < (builds - b) * (1 + i % 3); k++) {
                    findings.add(new Vulnerability("CVE-2026-" + (1000 + k), "libssl3t64", "3.5.1-" + (b + 1),
                            k % 2 == 0 ? "3.5.1-" + (b + 2) : null, SEVERITIES[(k + i) % SEVERITIES.length]));
                }
                catalog.recordBuild(build(name, b, findings, at));
            }
        }
    }

    private static NewBuild build(String image, int n, List<Vulnerability> findings, Instant at) {
        String seed = image + " " + n;
        List<BuiltPackage> packages = List.of(
                new BuiltPackage("amd64", "libc6", "2.41-12", "amd64", "glibc", "2.41-12", "trixie",
                        "pool/main/g/glibc/libc6_2.41-12_amd64.deb", 3_200_000, sha("libc6 " + seed)),
                new BuiltPackage("amd64", "libssl3t64", "3.5.1-" + (n + 1), "amd64", "openssl", "3.5.1-" + (n + 1),
                        "trixie-security", "pool/main/o/openssl/libssl3t64_amd64.deb", 2_400_000, sha("ssl " + seed)));
        int[] counts = new int[4];
        findings.forEach(f -> counts[List.of(SEVERITIES).indexOf(f.severity())]++);
        ScanSummary scan = new ScanSummary("debian-tracker", at, counts[0], counts[1], counts[2], counts[3], 0, 0);
        return new NewBuild(image, n == 0 ? "catalog add" : "security-fix", sha("spec " + image), sha("lock " + seed),
                "{}", 1_700_000_000L, null, List.of(new PlatformBuild("amd64", "linux/amd64", "sha256:" + sha("m " + seed),
                "sha256:" + sha("c " + seed), 2, 5_000_000 + n * 1000L)), packages, List.of(), scan, findings,
                List.of(new Publication("docker://registry.invalid/" + image + ":1", "sha256:" + sha("m " + seed),
                        Publication.Kind.MOVING, 0, at, null)), at, Duration.ofSeconds(40));
    }

    /** Records a scan of build {@code number} of {@code image}, as a scanner reports it, with its findings. */
    static void recordScan(CatalogDatabase db, String image, int number, Instant at, List<Vulnerability> findings)
            throws Exception {
        db.transaction("record a scan", c -> {
            long build;
            try (PreparedStatement s = c.prepareStatement("SELECT b.id FROM builds b JOIN images i ON i.id = b.image_id "
                    + "WHERE i.name = ? AND b.number = ?")) {
                s.setString(1, image);
                s.setInt(2, number);
                var rs = s.executeQuery();
                rs.next();
                build = rs.getLong(1);
            }
            int[] counts = new int[4];
            findings.forEach(f -> counts[List.of(SEVERITIES).indexOf(f.severity())]++);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO build_scans (build_id, source, scanned_at, critical, "
                    + "high, medium, low, negligible, unknown) VALUES (?, 'debian-tracker', ?, ?, ?, ?, ?, 0, 0)")) {
                s.setLong(1, build);
                s.setLong(2, at.toEpochMilli());
                for (int k = 0; k < 4; k++) {
                    s.setInt(3 + k, counts[k]);
                }
                s.executeUpdate();
            }
            for (Vulnerability v : findings) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO build_findings (build_id, vulnerability, "
                        + "package, installed_version, fixed_version, severity) VALUES (?, ?, ?, ?, ?, ?)")) {
                    s.setLong(1, build);
                    s.setString(2, v.id());
                    s.setString(3, v.packageName());
                    s.setString(4, v.installedVersion());
                    s.setString(5, v.fixedVersion());
                    s.setString(6, v.severity());
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    private static String sha(String s) {
        return Sha256.key(s, "dashboard-fleet");
    }
}
