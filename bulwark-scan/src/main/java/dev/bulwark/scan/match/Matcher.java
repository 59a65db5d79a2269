package dev.bulwark.scan.match;

import dev.bulwark.scan.advisory.Advisory;
import dev.bulwark.scan.advisory.AdvisoryDb;
import dev.bulwark.scan.advisory.AdvisoryStatus;
import dev.bulwark.scan.advisory.SecuritySupport;
import dev.bulwark.scan.advisory.Severity;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.version.DebianVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches installed packages against advisories, by source package and release, with dpkg ordering:
 * <ul>
 * <li>resolved with fixed version {@code 0}: never affected, nothing reported;</li>
 * <li>resolved, installed source version &lt; fixed: vulnerable; the fix is <em>available</em> only when one of the
 * image's suites carries a version &ge; fixed, and that suite is named;</li>
 * <li>resolved, installed &ge; fixed: fixed, nothing reported;</li>
 * <li>open: vulnerable without a fix, or reported as nodsa / ignored / postponed when Debian says so, and as
 * end-of-life when the urgency says so; undetermined is reported as such.</li>
 * </ul>
 * Severity comes from the urgency; unimportant and end-of-life are negligible.
 */
public final class Matcher {

    private static final Comparator<Finding> ORDER = Comparator.comparing((Finding f) -> f.pkg().name())
            .thenComparing(f -> f.pkg().architecture()).thenComparing(Finding::cve);

    private final AdvisoryDb db;
    private final SecuritySupport support;

    public Matcher(AdvisoryDb db, SecuritySupport support) {
        this.db = db;
        this.support = support;
    }

    /** Scans the target; with {@code ignoreUnfixed}, findings without a fixed version are left out. */
    public ScanResult scan(ScanTarget target, boolean ignoreUnfixed) {
        List<Finding> findings = new ArrayList<>();
        for (InstalledPackage p : target.packages()) {
            for (Advisory a : db.find(p.source(), target.release())) {
                Finding f = match(p, a, target.suites());
                if (f != null && !(ignoreUnfixed && f.fixedVersion() == null)) {
                    findings.add(f);
                }
            }
        }
        findings.sort(ORDER);
        List<SupportNote> notes = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (Map.Entry<String, DebianVersion> s : target.sources().entrySet()) {
            if (seen.add(s.getKey())) {
                support.find(s.getKey()).ifPresent(e -> notes.add(new SupportNote(s.getKey(), s.getValue().toString(), e)));
            }
        }
        return new ScanResult(target, findings, List.of(), notes, db.sourceNames(), db.noEvidence(),
                dev.bulwark.scan.ecosystem.ComponentMatcher.match(target.languageComponents(), db.components()));
    }

    /** The finding for one package and advisory, or null when the package is not affected. */
    public static Finding match(InstalledPackage p, Advisory a, List<String> suites) {
        Severity severity = Severity.fromUrgency(a.urgency());
        if (a.status() == AdvisoryStatus.RESOLVED) {
            if (a.neverAffected() || p.sourceVersion().compareTo(a.fixedVersion()) >= 0) {
                return null;
            }
            for (String suite : suites) {
                DebianVersion carried = a.repositories().get(suite);
                if (carried != null && carried.compareTo(a.fixedVersion()) >= 0) {
                    return new Finding(p, a.cve(), FindingStatus.VULNERABLE, severity, a.fixedVersion(), suite, carried, a);
                }
            }
            return new Finding(p, a.cve(), FindingStatus.VULNERABLE, severity, a.fixedVersion(), null, null, a);
        }
        FindingStatus status = openStatus(a);
        if (status == FindingStatus.END_OF_LIFE) {
            severity = Severity.NEGLIGIBLE;
        }
        return new Finding(p, a.cve(), status, severity, null, null, null, a);
    }

    private static FindingStatus openStatus(Advisory a) {
        if (a.urgency().strip().startsWith("end-of-life")) {
            return FindingStatus.END_OF_LIFE;
        }
        if (a.status() == AdvisoryStatus.UNDETERMINED) {
            return FindingStatus.UNDETERMINED;
        }
        return switch (a.nodsaReason()) {
            case "ignored" -> FindingStatus.IGNORED;
            case "postponed" -> FindingStatus.POSTPONED;
            default -> a.nodsa().isEmpty() ? FindingStatus.OPEN : FindingStatus.NODSA;
        };
    }
}
