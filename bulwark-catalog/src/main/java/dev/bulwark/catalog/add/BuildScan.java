package dev.bulwark.catalog.add;

import dev.bulwark.builder.pipeline.BuildResult;
import dev.bulwark.catalog.model.ScanSummary;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.vex.VexFinding;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.scan.advisory.AdvisoryDb;
import dev.bulwark.scan.advisory.AdvisoryQuery;
import dev.bulwark.scan.advisory.AdvisorySource;
import dev.bulwark.scan.advisory.SecuritySupport;
import dev.bulwark.scan.advisory.Severity;
import dev.bulwark.scan.match.Finding;
import dev.bulwark.scan.match.Matcher;
import dev.bulwark.scan.match.ScanResult;
import dev.bulwark.scan.match.ScanTarget;
import dev.bulwark.scan.match.Targets;
import dev.bulwark.scan.vex.VexDocument;
import dev.bulwark.scan.vex.VexFilter;
import dev.bulwark.scan.vex.VexStatement;
import dev.bulwark.spec.lock.Lockfile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The scan a build records: each platform's installed packages (read from the built image, as {@code bulwark scan}
 * reads it) matched against the advisory sources the caller chose, for the release and suites its lock resolves
 * from. Findings are kept once per advisory and package whatever the platforms; the summary counts them by severity.
 */
public final class BuildScan {
    /**
     * The summary ({@code source} names the advisory data) and the findings VEX left, most severe first; {@code vex}
     * is every finding with its VEX status, the suppressed ones included (null when no VEX documents were given).
     */
    public record Result(ScanSummary summary, List<Vulnerability> findings, List<VexFinding> vex) {
        public Result {
            findings = List.copyOf(findings);
            vex = vex == null ? null : List.copyOf(vex);
        }
    }

    private BuildScan() {
    }

    public static Result of(String name, BuildResult build, List<AdvisorySource> sources, Path cacheDir, Instant now)
            throws BulwarkException {
        return of(name, build, sources, List.of(), cacheDir, now);
    }

    /** The scan, with {@code vex} applied as {@code bulwark scan --vex} applies it (none: no VEX status kept). */
    public static Result of(String name, BuildResult build, List<AdvisorySource> sources, List<VexDocument> vex,
            Path cacheDir, Instant now) throws BulwarkException {
        Lockfile lock = build.lock();
        String release = lock.distribution() == null || lock.distribution().isEmpty() ? null : lock.distribution();
        List<String> suites = lock.suites().isEmpty() ? null
                : lock.suites().stream().map(Lockfile.LockedSuite::name).toList();
        return of(name, build.images(), release, suites, sources, vex, cacheDir, now);
    }

    /**
     * The same scan of images that were not built here ({@code images} by Debian architecture; the server's
     * comparison with an outside reference): {@code release} and {@code suites} null mean what os-release names.
     */
    public static Result of(String name, Map<String, Image> images, String release, List<String> suites,
            List<AdvisorySource> sources, List<VexDocument> vex, Path cacheDir, Instant now) throws BulwarkException {
        Map<String, Finding> kept = new TreeMap<>();
        Map<String, VexFilter.Decision> decided = new TreeMap<>();
        Set<String> used = new LinkedHashSet<>();
        for (Map.Entry<String, Image> e : images.entrySet()) {
            ScanTarget target = Targets.fromImage(name, e.getValue(), release, suites, cacheDir);
            AdvisoryDb db = AdvisoryDb.load(sources, new AdvisoryQuery(target.release(), target.suites(),
                    target.sources(), target.packages().stream().map(p -> p.name()).collect(Collectors.toSet())));
            ScanResult result = new Matcher(db, SecuritySupport.none()).scan(target, false);
            used.addAll(result.advisorySources());
            for (VexFilter.Decision d : VexFilter.decide(result, vex)) {
                Finding f = d.finding();
                kept.merge(f.cve() + " " + f.pkg().name(), f, (a, b) -> a.severity().compareTo(b.severity()) >= 0 ? a : b);
                if (d.statement() != null) {
                    decided.put(f.cve() + " " + f.pkg().name(), d);
                }
            }
        }
        int[] counts = new int[Severity.values().length];
        List<Vulnerability> findings = new ArrayList<>();
        List<VexFinding> stated = new ArrayList<>();
        for (Map.Entry<String, Finding> e : kept.entrySet()) {
            Finding f = e.getValue();
            VexFilter.Decision d = decided.get(e.getKey());
            String fixed = f.fixedVersion() == null ? null : f.fixedVersion().toString();
            if (d != null) {
                VexStatement s = d.statement();
                stated.add(new VexFinding(f.cve(), f.pkg().name(), f.pkg().version().toString(), fixed,
                        f.severity().word(), s.status(), s.justification(),
                        s.impactStatement().isEmpty() ? s.actionStatement() : s.impactStatement(), d.document()));
                if (s.suppresses()) {
                    continue; // off the scan's list and its counts, as 'bulwark scan --vex' leaves it
                }
            }
            counts[f.severity().ordinal()]++;
            findings.add(new Vulnerability(f.cve(), f.pkg().name(), f.pkg().version().toString(), fixed,
                    f.severity().word()));
        }
        findings.sort(java.util.Comparator.comparing((Vulnerability v) -> -severityRank(v.severity()))
                .thenComparing(Vulnerability::id).thenComparing(Vulnerability::packageName));
        String source = used.isEmpty() ? sources.stream().map(AdvisorySource::name).collect(Collectors.joining(", "))
                : String.join(", ", used);
        ScanSummary summary = new ScanSummary(source.isBlank() ? "none" : source, now,
                counts[Severity.CRITICAL.ordinal()], counts[Severity.HIGH.ordinal()], counts[Severity.MEDIUM.ordinal()],
                counts[Severity.LOW.ordinal()], counts[Severity.NEGLIGIBLE.ordinal()], counts[Severity.UNKNOWN.ordinal()]);
        return new Result(summary, findings, vex.isEmpty() ? null : stated);
    }

    private static int severityRank(String word) {
        for (Severity s : Severity.values()) {
            if (s.word().equals(word)) {
                return s.ordinal();
            }
        }
        return 0;
    }
}
