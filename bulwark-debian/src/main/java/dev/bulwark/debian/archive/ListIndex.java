package dev.bulwark.debian.archive;

import dev.bulwark.debian.control.Relation;
import dev.bulwark.debian.control.RelationParseException;
import dev.bulwark.debian.control.Relations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link PackageIndex} over packages held in a list, indexed once when made. */
final class ListIndex implements PackageIndex {
    private final List<ArchivePackage> all;
    private final Map<String, List<ArchivePackage>> byName = new HashMap<>();
    private final Map<String, List<ArchivePackage>> byProvided = new HashMap<>();
    private final Optional<ArchivePackage> malformed;

    ListIndex(List<ArchivePackage> packages) {
        this.all = List.copyOf(packages);
        ArchivePackage bad = null;
        for (ArchivePackage p : all) {
            byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
            Set<String> provided = provided(p);
            if (provided == null) {
                bad = bad == null ? p : bad;
                continue;
            }
            for (String name : provided) {
                byProvided.computeIfAbsent(name, k -> new ArrayList<>()).add(p);
            }
        }
        this.malformed = Optional.ofNullable(bad);
    }

    /**
     * The distinct names {@code p} provides, in field order; null when its Provides field does not parse. A package
     * made without the field (a customization's stand-in for a base package) provides nothing.
     */
    static Set<String> provided(ArchivePackage p) {
        if (p.provides() == null || p.provides().isBlank()) {
            return Set.of();
        }
        try {
            Set<String> names = new LinkedHashSet<>();
            for (Relation r : Relations.parseProvides(p.provides())) {
                names.add(r.name());
            }
            return names;
        } catch (RelationParseException e) {
            return null;
        }
    }

    @Override
    public List<ArchivePackage> named(String name) {
        return byName.getOrDefault(name, List.of());
    }

    @Override
    public List<ArchivePackage> providing(String name) {
        return byProvided.getOrDefault(name, List.of());
    }

    @Override
    public Set<String> names() {
        return java.util.Collections.unmodifiableSet(byName.keySet());
    }

    @Override
    public List<ArchivePackage> all() {
        return all;
    }

    @Override
    public Optional<ArchivePackage> malformedProvides() {
        return malformed;
    }
}
