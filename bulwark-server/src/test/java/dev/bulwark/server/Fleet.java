package dev.bulwark.server;

import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.ImageDefinition;
import dev.bulwark.catalog.model.NewBuild;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.ScanSummary;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.catalog.vex.BuildVex;
import dev.bulwark.catalog.vex.VexFinding;
import dev.bulwark.core.Sha256;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalog records made up for server tests and the API bench: images and builds whose digests follow from their
 * names, recorded through the catalog's own API.
 */
public final class Fleet {
    public static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private Fleet() {
    }

    /** Defines {@code name} and records two builds: python3 3.13.5-1 then 3.13.5-2 (which fixes CVE-2026-0001). */
    public static void addImage(Catalog catalog, String name) throws Exception {
        String spec = "name: " + name + "\ndistribution: trixie\npackages: [python3]\n";
        catalog.define(new ImageDefinition(name, "/specs/" + name + ".yaml", sha(spec), spec, "trixie", null,
                List.of("amd64"), List.of("oci:/srv/images/" + name)));
        catalog.recordBuild(build(name, "3.13.5-1", List.of(new Vulnerability("CVE-2026-0001", "python3", "3.13.5-1",
                "3.13.5-2", "high"))));
        catalog.recordBuild(build(name, "3.13.5-2", List.of()));
    }

    /**
     * Records a third build of {@code name} whose scan found CVE-2026-0002 in libssl3t64 (critical, no fix yet; the
     * VEX says affected) and whose VEX took CVE-2026-0003 in libc6 off the list (not affected).
     */
    public static void addExposedBuild(Catalog catalog, String name) throws Exception {
        catalog.recordBuild(build(name, "3.13.5-3", List.of(new Vulnerability("CVE-2026-0002", "libssl3t64",
                "3.5.1-1", null, "critical"))));
        new BuildVex(catalog.database(), java.time.Clock.systemUTC()).record(name, 0, List.of(
                new VexFinding("CVE-2026-0002", "libssl3t64", "3.5.1-1", null, "critical", "affected", "",
                        "upgrade once Debian ships a fix", "vex/bulwark.openvex.json"),
                new VexFinding("CVE-2026-0003", "libc6", "2.41-12", "2.41-13", "medium", "not_affected",
                        "vulnerable_code_not_in_execute_path", "", "vex/bulwark.openvex.json")));
    }

    /** An SLA clock as 'bulwark watch' keeps it: the fix seen at T0, published {@code hours} later (open: null). */
    public static void slaClock(Catalog catalog, String image, String cve, Integer hours) throws Exception {
        catalog.database().transaction("open an SLA clock", c -> {
            try (var s = c.prepareStatement("INSERT INTO sla_clocks (image_id, vulnerability, source_package, "
                    + "fixed_version, suite, fix_seen_at, opened_at, closed_at, closed_build_id) SELECT id, ?, 'python3', "
                    + "'3.13.5-2', 'trixie-security', ?, ?, ?, " + (hours == null ? "NULL" : "current_build_id")
                    + " FROM images WHERE name = ?")) {
                s.setString(1, cve);
                s.setLong(2, T0.toEpochMilli());
                s.setLong(3, T0.toEpochMilli());
                if (hours == null) {
                    s.setNull(4, java.sql.Types.BIGINT);
                } else {
                    s.setLong(4, T0.plus(Duration.ofHours(hours)).toEpochMilli());
                }
                s.setString(5, image);
                return s.executeUpdate();
            }
        });
    }

    private static NewBuild build(String image, String pythonVersion, List<Vulnerability> findings) {
        List<BuiltPackage> packages = new ArrayList<>();
        for (String p : List.of("libc6=2.41-12", "python3=" + pythonVersion, "libssl3t64=3.5.1-1")) {
            String[] nv = p.split("=");
            packages.add(new BuiltPackage("amd64", nv[0], nv[1], "amd64", nv[0], nv[1], "trixie",
                    "pool/main/" + nv[0] + "_" + nv[1] + "_amd64.deb", 1000 + nv[0].length() * 100L,
                    sha("deb " + p)));
        }
        String seed = image + " " + pythonVersion;
        List<PlatformBuild> platforms = List.of(new PlatformBuild("amd64", "linux/amd64", digest("m " + seed),
                digest("c " + seed), 2, 4000));
        ScanSummary scan = new ScanSummary("test-advisories", T0, 0, findings.size(), 0, 0, 0, 0);
        List<Publication> published = List.of(new Publication("oci:/srv/images/" + image, digest("m " + seed),
                Publication.Kind.FILE, 0, T0, null));
        return new NewBuild(image, "test", sha("spec " + image), sha("lock " + seed), "{}", 1_700_000_000L, null,
                platforms, packages, List.of(), scan, findings, published, T0, Duration.ofMillis(1500));
    }

    private static String digest(String seed) {
        return "sha256:" + sha(seed);
    }

    private static String sha(String s) {
        return Sha256.key(s, "fleet");
    }
}
