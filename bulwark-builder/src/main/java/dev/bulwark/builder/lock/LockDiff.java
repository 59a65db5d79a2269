package dev.bulwark.builder.lock;

import dev.bulwark.spec.lock.Lockfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** What changed between two locks, per architecture: packages added, removed and upgraded (or downgraded). */
public record LockDiff(Map<String, List<Change>> byArch) {

    /** One package's change; {@code before} or {@code after} is null when it was added or removed. */
    public record Change(String name, Lockfile.LockedPackage before, Lockfile.LockedPackage after) {
        public Change {
            Objects.requireNonNull(name, "name");
            if (before == null && after == null) {
                throw new IllegalArgumentException("cannot create change of " + name + ": neither before nor after");
            }
        }

        public String kind() {
            return before == null ? "added" : after == null ? "removed" : "upgraded";
        }
    }

    public LockDiff {
        Map<String, List<Change>> copy = new TreeMap<>();
        byArch.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        byArch = java.util.Collections.unmodifiableMap(copy);
    }

    public boolean isEmpty() {
        return byArch.values().stream().allMatch(List::isEmpty);
    }

    /** The changes from {@code previous} (null: nothing was locked before, so no diff) to {@code current}. */
    public static LockDiff between(Lockfile previous, Lockfile current) {
        Map<String, List<Change>> out = new TreeMap<>();
        if (previous == null) {
            return new LockDiff(out);
        }
        TreeSet<String> archs = new TreeSet<>(previous.archs().keySet());
        archs.addAll(current.archs().keySet());
        for (String arch : archs) {
            Map<String, Lockfile.LockedPackage> before = byName(previous.archs().getOrDefault(arch, List.of()));
            Map<String, Lockfile.LockedPackage> after = byName(current.archs().getOrDefault(arch, List.of()));
            TreeSet<String> names = new TreeSet<>(before.keySet());
            names.addAll(after.keySet());
            List<Change> changes = new ArrayList<>();
            for (String n : names) {
                Lockfile.LockedPackage b = before.get(n);
                Lockfile.LockedPackage a = after.get(n);
                if (b == null || a == null || !b.version().equals(a.version()) || !b.sha256().equals(a.sha256())) {
                    changes.add(new Change((a != null ? a : b).name(), b, a));
                }
            }
            out.put(arch, changes);
        }
        return new LockDiff(out);
    }

    private static Map<String, Lockfile.LockedPackage> byName(List<Lockfile.LockedPackage> list) {
        Map<String, Lockfile.LockedPackage> out = new TreeMap<>();
        list.forEach(p -> out.put(p.name() + ":" + p.architecture(), p));
        return out;
    }
}
