package dev.bulwark.scan.match;

import dev.bulwark.scan.advisory.Advisory;
import dev.bulwark.scan.advisory.AdvisoryDb;
import dev.bulwark.scan.advisory.AdvisoryStatus;
import dev.bulwark.scan.advisory.NoEvidence;
import dev.bulwark.scan.advisory.Severity;
import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.version.DebianVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which installed packages have a newer version in the suites the image builds from, and which CVEs that version
 * fixes: a resolved advisory whose fixed version is above the installed source version and at most the newer one.
 * The image needs a rebuild when any update fixes a CVE.
 */
public final class Outdated {

    /** One CVE an update fixes, with the advisory that says so (origin and its words are the evidence). */
    public record Fix(String cve, Severity severity, DebianVersion fixedVersion, String origin, String evidence) {
        public Fix {
            Objects.requireNonNull(cve, "cve");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(origin, "origin");
            evidence = evidence == null ? "" : evidence;
        }
    }

    /** An installed package with a newer version in {@code suite}, and the CVEs that version fixes. */
    public record Update(InstalledPackage pkg, DebianVersion newer, DebianVersion newerSource, String suite,
            List<Fix> fixes) {
        public Update {
            Objects.requireNonNull(pkg, "pkg");
            Objects.requireNonNull(newer, "newer");
            Objects.requireNonNull(suite, "suite");
            fixes = List.copyOf(fixes);
        }
    }

    /** Every update of one target (one architecture), the sources without evidence, and the verdict. */
    public record Report(ScanTarget target, List<Update> updates, List<NoEvidence> noEvidence,
            List<String> advisorySources) {
        public Report {
            Objects.requireNonNull(target, "target");
            updates = List.copyOf(updates);
            noEvidence = List.copyOf(noEvidence);
            advisorySources = List.copyOf(advisorySources);
        }

        /** Whether an update fixes a CVE: the image should be re-locked and rebuilt. */
        public boolean rebuildNeeded() {
            return updates.stream().anyMatch(u -> !u.fixes().isEmpty());
        }

        /** The updates that fix at least one CVE. */
        public List<Update> fixing() {
            return updates.stream().filter(u -> !u.fixes().isEmpty()).toList();
        }
    }

    private Outdated() {
    }

    /**
     * Compares {@code target}'s packages with {@code available} (the suites' index entries for its architecture and
     * "all") and names the CVEs each newer version fixes according to {@code db}.
     */
    public static Report find(ScanTarget target, List<ArchivePackage> available, AdvisoryDb db) {
        Map<String, ArchivePackage> newest = new HashMap<>();
        for (ArchivePackage p : available) {
            String key = p.name() + ":" + p.architecture();
            newest.merge(key, p, (a, b) -> a.version().compareTo(b.version()) >= 0 ? a : b);
        }
        List<Update> updates = new ArrayList<>();
        for (InstalledPackage p : target.packages()) {
            ArchivePackage n = newest.get(p.name() + ":" + p.architecture());
            if (n == null || n.version().compareTo(p.version()) <= 0) {
                continue;
            }
            updates.add(new Update(p, n.version(), n.sourceVersion(), n.suite(), fixes(p, n, db, target.release())));
        }
        updates.sort(Comparator.comparing((Update u) -> u.pkg().name()));
        return new Report(target, updates, db.noEvidence(), db.sourceNames());
    }

    private static List<Fix> fixes(InstalledPackage p, ArchivePackage newer, AdvisoryDb db, String release) {
        List<Fix> out = new ArrayList<>();
        for (Advisory a : db.find(p.source(), release)) {
            if (a.status() != AdvisoryStatus.RESOLVED || a.neverAffected()) {
                continue;
            }
            if (p.sourceVersion().compareTo(a.fixedVersion()) < 0 && newer.sourceVersion().compareTo(a.fixedVersion()) >= 0) {
                out.add(new Fix(a.cve(), Severity.fromUrgency(a.urgency()), a.fixedVersion(), a.origin(), a.description()));
            }
        }
        out.sort(Comparator.comparing(Fix::cve));
        return out;
    }
}
