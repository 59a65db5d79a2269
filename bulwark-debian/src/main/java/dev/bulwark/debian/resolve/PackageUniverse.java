package dev.bulwark.debian.resolve;

import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.control.Relation;
import dev.bulwark.debian.control.RelationParseException;
import dev.bulwark.debian.control.Relations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every package one architecture can install from the chosen suites, indexed by name and by what they provide.
 * Candidates of a name are ordered best first: highest version, then the earlier suite in the request.
 */
public final class PackageUniverse {

    /** A package offering a (possibly versioned) virtual name through Provides. */
    public record Provider(ArchivePackage pkg, Relation provided) {
    }

    private final String arch;
    private final Map<String, List<ArchivePackage>> byName = new HashMap<>();
    private final Map<String, List<Provider>> providers = new HashMap<>();

    private PackageUniverse(String arch) {
        this.arch = arch;
    }

    /** Builds the universe; {@code suiteOrder} ranks equal versions (earlier suite wins). */
    public static PackageUniverse of(String arch, List<ArchivePackage> packages, List<String> suiteOrder)
            throws RelationParseException {
        PackageUniverse u = new PackageUniverse(arch);
        for (ArchivePackage p : packages) {
            u.byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
            if (!p.provides().isBlank()) {
                for (Relation r : Relations.parseProvides(p.provides())) {
                    u.providers.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(new Provider(p, r));
                }
            }
        }
        Comparator<ArchivePackage> best = Comparator.comparing(ArchivePackage::version).reversed()
                .thenComparing(p -> suiteRank(suiteOrder, p.suite()))
                .thenComparing(ArchivePackage::component)
                .thenComparing(ArchivePackage::sha256);
        u.byName.values().forEach(list -> list.sort(best));
        u.providers.values().forEach(list -> list.sort(Comparator.comparing((Provider p) -> p.pkg().name())
                .thenComparing(p -> p.pkg(), best)));
        return u;
    }

    private static int suiteRank(List<String> order, String suite) {
        int i = order.indexOf(suite);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    public String arch() {
        return arch;
    }

    /** Real packages of this name, best first; empty when there are none. */
    public List<ArchivePackage> candidates(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** Packages providing {@code name}, ordered by provider name, then best version first. */
    public List<Provider> providers(String name) {
        return providers.getOrDefault(name, List.of());
    }

    public boolean knows(String name) {
        return byName.containsKey(name) || providers.containsKey(name);
    }

    public Set<String> names() {
        return byName.keySet();
    }

    public int size() {
        return byName.values().stream().mapToInt(List::size).sum();
    }
}
