package dev.bulwark.debian.resolve;

import dev.bulwark.debian.archive.ArchivePackage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The closure for one architecture, sorted by name, with the reason each package is in it. */
public record Resolution(String arch, List<Selected> packages, List<Skipped> skipped, Map<String, String> excluded) {

    /** Why a package is in the closure: asked for by the spec, or the dependency of a parent that pulled it in. */
    public record Reason(String parent, String field, String relation, String note) {
        public static Reason requested() {
            return new Reason(null, null, null, "requested in the spec");
        }

        public boolean isRequested() {
            return parent == null;
        }

        @Override
        public String toString() {
            String base = isRequested() ? note : parent + " " + field + ": " + relation;
            return note == null || isRequested() ? base : base + " (" + note + ")";
        }
    }

    /** A package in the closure. */
    public record Selected(ArchivePackage pkg, Reason reason) {
    }

    /** A dependency not installed because every alternative is excluded. */
    public record Skipped(String parent, String field, String relation, String why) {
    }

    public Resolution {
        packages = List.copyOf(packages);
        skipped = List.copyOf(skipped);
        excluded = Map.copyOf(excluded);
    }

    public Optional<Selected> find(String name) {
        return packages.stream().filter(s -> s.pkg().name().equals(name)).findFirst();
    }

    /** The chain that brought {@code name} in, from the requested root down to it; empty when it is not in the closure. */
    public List<Selected> chain(String name) {
        List<Selected> chain = new ArrayList<>();
        Optional<Selected> at = find(name);
        while (at.isPresent() && chain.size() <= packages.size()) {
            chain.add(at.get());
            Reason r = at.get().reason();
            at = r.isRequested() ? Optional.empty() : find(r.parent());
        }
        Collections.reverse(chain);
        return chain;
    }

    public long totalSize() {
        return packages.stream().mapToLong(s -> s.pkg().size()).sum();
    }
}
