package dev.bulwark.builder.lock;

import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.debian.archive.Archive;
import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.archive.Indexes;
import dev.bulwark.debian.archive.SuiteRelease;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * {@code bulwark lock --check}: is every package a lock pins still served by today's signed indexes, with the same
 * SHA-256, size and pool path? Anything else is drift: the lock no longer describes what the archive serves.
 */
public final class LockCheck {

    /** One pinned package the archive no longer serves as pinned. */
    public record Drift(String arch, Lockfile.LockedPackage pkg, String problem) {
        public Drift {
            Objects.requireNonNull(arch, "arch");
            Objects.requireNonNull(pkg, "pkg");
            Objects.requireNonNull(problem, "problem");
        }
    }

    private LockCheck() {
    }

    /** Compares {@code lock} with the verified indexes of its suites. */
    public static List<Drift> check(Archive archive, Lockfile lock) throws BulwarkException {
        List<SuiteRelease> releases = new ArrayList<>();
        for (Lockfile.LockedSuite s : lock.suites()) {
            releases.add(archive.release(s.name()));
        }
        List<Drift> out = new ArrayList<>();
        for (var e : lock.archs().entrySet()) {
            TreeSet<String> components = new TreeSet<>();
            e.getValue().forEach(p -> components.add(p.component() == null || p.component().isEmpty() ? "main" : p.component()));
            Map<String, ArchivePackage> served = new HashMap<>();
            for (ArchivePackage p : Indexes.load(archive, releases, List.copyOf(components), e.getKey())) {
                served.put(key(p.suite(), p.name(), p.version().toString(), p.architecture()), p);
            }
            for (Lockfile.LockedPackage p : e.getValue()) {
                ArchivePackage s = served.get(key(p.suite(), p.name(), p.version(), p.architecture()));
                String problem = s == null ? "no longer in " + p.suite()
                        : !s.sha256().equals(p.sha256()) ? "SHA-256 " + p.sha256() + " locked, " + s.sha256() + " served"
                        : s.size() != p.size() ? "size " + p.size() + " locked, " + s.size() + " served"
                        : !s.filename().equals(p.filename()) ? "pool path " + p.filename() + " locked, " + s.filename() + " served"
                        : null;
                if (problem != null) {
                    out.add(new Drift(e.getKey(), p, problem));
                }
            }
        }
        return out;
    }

    private static String key(String suite, String name, String version, String arch) {
        return suite + "/" + name + "=" + version + ":" + arch;
    }
}
