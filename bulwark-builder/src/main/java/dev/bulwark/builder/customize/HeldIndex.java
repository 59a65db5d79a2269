package dev.bulwark.builder.customize;

import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.archive.PackageIndex;
import dev.bulwark.debian.installed.InstalledPackage;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An archive index with every name the base has narrowed to the base's version: a package of such a name at another
 * version is left out, as if the index did not list it. Lookups stay lazy.
 */
final class HeldIndex implements PackageIndex {
    private final PackageIndex archive;
    private final Map<String, InstalledPackage> base;

    HeldIndex(PackageIndex archive, Map<String, InstalledPackage> base) {
        this.archive = archive;
        this.base = base;
    }

    /** Whether {@code p} stays: the base has no package of its name, or has it at this version. */
    boolean keeps(ArchivePackage p) {
        InstalledPackage had = base.get(p.name());
        return had == null || had.version().compareTo(p.version()) == 0;
    }

    private List<ArchivePackage> kept(List<ArchivePackage> packages) {
        return packages.stream().allMatch(this::keeps) ? packages : packages.stream().filter(this::keeps).toList();
    }

    @Override
    public List<ArchivePackage> named(String name) {
        return kept(archive.named(name));
    }

    @Override
    public List<ArchivePackage> providing(String name) {
        return kept(archive.providing(name));
    }

    @Override
    public Set<String> names() {
        Set<String> names = new HashSet<>(archive.names());
        names.removeIf(n -> base.containsKey(n) && named(n).isEmpty());
        return names;
    }

    @Override
    public List<ArchivePackage> all() {
        return kept(archive.all());
    }

    @Override
    public Optional<ArchivePackage> malformedProvides() {
        Optional<ArchivePackage> first = archive.malformedProvides();
        if (first.isEmpty() || keeps(first.get())) {
            return first;
        }
        // The first is left out: the first kept one, if any, takes its place (a rare path, so read them all).
        return PackageIndex.of(all()).malformedProvides();
    }
}
