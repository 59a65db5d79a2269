package dev.bulwark.catalog.store;

import dev.bulwark.catalog.model.BuildDiff;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.Vulnerability;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** Compares two builds: a pure function of what the catalog read for each. */
final class Diffs {
    private Diffs() {
    }

    static BuildDiff between(String image, BuildSummary from, BuildSummary to, List<BuiltPackage> fromPackages,
            List<BuiltPackage> toPackages, List<Vulnerability> fromFindings, List<Vulnerability> toFindings) {
        Map<String, String> a = versions(fromPackages);
        Map<String, String> b = versions(toPackages);
        List<BuildDiff.PackageChange> changes = new ArrayList<>();
        for (String key : new TreeSet<>(union(a, b))) {
            String va = a.get(key);
            String vb = b.get(key);
            if (!Objects.equals(va, vb)) {
                String[] archName = key.split("\u0000", 2);
                changes.add(new BuildDiff.PackageChange(archName[0], archName[1], va, vb));
            }
        }
        return new BuildDiff(image, from, to, changes, minus(fromFindings, toFindings), minus(toFindings, fromFindings),
                from.scan() != null && to.scan() != null);
    }

    /** "arch\0name" → version. */
    private static Map<String, String> versions(List<BuiltPackage> packages) {
        Map<String, String> m = new TreeMap<>();
        for (BuiltPackage p : packages) {
            m.put(p.arch() + "\u0000" + p.name(), p.version());
        }
        return m;
    }

    private static java.util.Set<String> union(Map<String, String> a, Map<String, String> b) {
        java.util.Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    /** Findings of {@code left} whose advisory and package do not appear in {@code right}. */
    private static List<Vulnerability> minus(List<Vulnerability> left, List<Vulnerability> right) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        right.forEach(v -> keys.add(v.id() + " " + v.packageName()));
        return left.stream().filter(v -> !keys.contains(v.id() + " " + v.packageName())).toList();
    }
}
