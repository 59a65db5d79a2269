package dev.bulwark.server.compare;

import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.scan.advisory.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Two sides compared: the packages that differ per architecture (a version on one side only, or two versions), CVE
 * counts by severity for each, and the findings only one side has. The dashboard and the API render this one value.
 */
public record Comparison(ComparedSide left, ComparedSide right, List<PackageChange> packages,
        List<FindingChange> findings) {
    /** Severities most severe first, as the counts are listed. */
    public static final List<String> SEVERITIES = List.of(Severity.CRITICAL.word(), Severity.HIGH.word(),
            Severity.MEDIUM.word(), Severity.LOW.word(), Severity.NEGLIGIBLE.word(), Severity.UNKNOWN.word());

    /** A package of {@code arch} whose version differs; a null version means that side has no such package. */
    public record PackageChange(String arch, String name, String leftVersion, String rightVersion) {
    }

    /** A finding only one side has ({@code side} is "left" or "right"). */
    public record FindingChange(Vulnerability finding, String side) {
    }

    public Comparison {
        packages = List.copyOf(packages);
        findings = List.copyOf(findings);
    }

    public static Comparison of(ComparedSide left, ComparedSide right) {
        TreeSet<String> keys = new TreeSet<>(left.versions().keySet());
        keys.addAll(right.versions().keySet());
        List<PackageChange> packages = new ArrayList<>();
        for (String k : keys) {
            String lv = left.versions().get(k);
            String rv = right.versions().get(k);
            if (lv == null || !lv.equals(rv)) {
                String[] an = k.split(" ", 2);
                packages.add(new PackageChange(an[0], an[1], lv, rv));
            }
        }
        Map<String, Vulnerability> l = byKey(left.findings());
        Map<String, Vulnerability> r = byKey(right.findings());
        List<FindingChange> findings = new ArrayList<>();
        l.forEach((k, v) -> {
            if (!r.containsKey(k)) {
                findings.add(new FindingChange(v, "left"));
            }
        });
        r.forEach((k, v) -> {
            if (!l.containsKey(k)) {
                findings.add(new FindingChange(v, "right"));
            }
        });
        return new Comparison(left, right, packages, findings);
    }

    /** A side's findings counted by severity, every severity listed (most severe first). */
    public static Map<String, Integer> severities(ComparedSide side) {
        Map<String, Integer> out = new LinkedHashMap<>();
        SEVERITIES.forEach(s -> out.put(s, 0));
        side.findings().forEach(v -> out.merge(out.containsKey(v.severity()) ? v.severity() : "unknown", 1,
                Integer::sum));
        return out;
    }

    private static Map<String, Vulnerability> byKey(List<Vulnerability> list) {
        Map<String, Vulnerability> out = new TreeMap<>();
        list.forEach(v -> out.put(v.id() + " " + v.packageName(), v));
        return out;
    }
}
