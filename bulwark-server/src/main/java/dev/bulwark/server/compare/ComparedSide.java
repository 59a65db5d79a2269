package dev.bulwark.server.compare;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.server.reference.ReferenceFacts;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One side of a comparison: a catalogued build, or what was read from an allowed reference. {@code versions} maps
 * {@code "ARCH NAME"} to the installed version; {@code findings} are the scan's (VEX-suppressed ones left out).
 */
public record ComparedSide(String label, String kind, String digest, List<String> archs, long compressedBytes,
        Map<String, String> versions, List<Vulnerability> findings) {

    public ComparedSide {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(digest, "digest");
        archs = List.copyOf(archs);
        versions = java.util.Collections.unmodifiableMap(new TreeMap<>(versions));
        findings = List.copyOf(findings);
    }

    /** Build {@code build} as the catalog recorded it. */
    public static ComparedSide of(Catalog catalog, BuildSummary build) throws CatalogException {
        Map<String, String> versions = new TreeMap<>();
        for (BuiltPackage p : catalog.packages(build.image(), build.number())) {
            versions.put(p.arch() + " " + p.name(), p.version());
        }
        return new ComparedSide(build.image() + " build " + build.number(), "build", build.digest(),
                build.platforms().stream().map(PlatformBuild::arch).toList(), build.compressedBytes(), versions,
                catalog.findings(build.image(), build.number()));
    }

    /** An allowed reference as it was read. */
    public static ComparedSide of(ReferenceFacts facts) {
        Map<String, String> versions = new TreeMap<>();
        facts.packages().forEach(p -> versions.put(p.arch() + " " + p.name(), p.version()));
        return new ComparedSide("ref:" + facts.name() + " (" + facts.reference() + ")", "reference", facts.digest(),
                facts.archs(), facts.compressedBytes(), versions, facts.findings());
    }

    public int packageCount() {
        return versions.size();
    }
}
