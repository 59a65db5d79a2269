package dev.bulwark.server;

import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.ImageDefinition;
import dev.bulwark.catalog.model.NewBuild;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.ScanSummary;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.store.Catalog;
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
