package dev.bulwark.debian.resolve;

import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.archive.PackageIndex;
import dev.bulwark.debian.control.Relation;
import dev.bulwark.debian.control.RelationParseException;
import dev.bulwark.debian.control.Relations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every package one architecture can install from the chosen suites, looked up by name and by what they provide.
 * Candidates of a name are ordered best first: highest version, then the earlier suite in the request. The indexes
 * are asked for a name when the resolver first needs it, so a resolve reads the few hundred packages it touches, not
 * the tens of thousands the suites list.
 */
public final class PackageUniverse {

    /** A package offering a (possibly versioned) virtual name through Provides. */
    public record Provider(ArchivePackage pkg, Relation provided) {
    }

    private final String arch;
    private final List<PackageIndex> indexes;
    private final Comparator<ArchivePackage> best;
    private final Map<String, List<ArchivePackage>> byName = new HashMap<>();
    private final Map<String, List<Provider>> providers = new HashMap<>();
    private final Map<ArchivePackage, List<Relation>> provided = new IdentityHashMap<>();
    private Set<String> names;

    private PackageUniverse(String arch, List<PackageIndex> indexes, List<String> suiteOrder) {
        this.arch = arch;
        this.indexes = List.copyOf(indexes);
        List<String> order = List.copyOf(suiteOrder);
        this.best = Comparator.comparing(ArchivePackage::version).reversed()
                .thenComparing(p -> suiteRank(order, p.suite()))
                .thenComparing(ArchivePackage::component)
                .thenComparing(ArchivePackage::sha256);
    }

    /** Builds the universe; {@code suiteOrder} ranks equal versions (earlier suite wins). */
    public static PackageUniverse of(String arch, List<ArchivePackage> packages, List<String> suiteOrder)
            throws RelationParseException {
        return over(arch, List.of(PackageIndex.of(packages)), suiteOrder);
    }

    /**
     * The universe of {@code indexes}, taken in this order (suite by suite, each in component order), as if their
     * packages were one list; {@code suiteOrder} ranks equal versions (earlier suite wins). A Provides field that does
     * not parse fails here, as it would when every package was read.
     */
    public static PackageUniverse over(String arch, List<PackageIndex> indexes, List<String> suiteOrder)
            throws RelationParseException {
        for (PackageIndex index : indexes) {
            Optional<ArchivePackage> bad = index.malformedProvides();
            if (bad.isPresent()) {
                Relations.parseProvides(bad.get().provides());
            }
        }
        return new PackageUniverse(arch, indexes, suiteOrder);
    }

    private static int suiteRank(List<String> order, String suite) {
        int i = order.indexOf(suite);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    public String arch() {
        return arch;
    }

    /** Real packages of this name, best first; empty when there are none. */
    public synchronized List<ArchivePackage> candidates(String name) {
        List<ArchivePackage> found = byName.get(name);
        if (found == null) {
            List<ArchivePackage> all = new ArrayList<>();
            for (PackageIndex index : indexes) {
                all.addAll(index.named(name));
            }
            all.sort(best);
            found = all.isEmpty() ? List.of() : List.copyOf(all);
            byName.put(name, found);
        }
        return found;
    }

    /** Packages providing {@code name}, ordered by provider name, then best version first. */
    public synchronized List<Provider> providers(String name) {
        List<Provider> found = providers.get(name);
        if (found == null) {
            List<Provider> all = new ArrayList<>();
            for (PackageIndex index : indexes) {
                for (ArchivePackage p : index.providing(name)) {
                    for (Relation r : provided(p)) {
                        if (r.name().equals(name)) {
                            all.add(new Provider(p, r));
                        }
                    }
                }
            }
            all.sort(Comparator.comparing((Provider p) -> p.pkg().name()).thenComparing(Provider::pkg, best));
            found = all.isEmpty() ? List.of() : List.copyOf(all);
            providers.put(name, found);
        }
        return found;
    }

    /** The parsed Provides of a package an index says provides something, parsed once however often it is asked. */
    private List<Relation> provided(ArchivePackage p) {
        return provided.computeIfAbsent(p, k -> {
            try {
                return Relations.parseProvides(k.provides());
            } catch (RelationParseException e) {
                // The index parsed this very field to list the package; it cannot fail now.
                throw new IllegalStateException("cannot parse the Provides of " + k.id() + " again: " + e.getMessage(), e);
            }
        });
    }

    public boolean knows(String name) {
        return !candidates(name).isEmpty() || !providers(name).isEmpty();
    }

    /** Every real package name (all of each index's names are read: for messages such as "did you mean"). */
    public synchronized Set<String> names() {
        if (names == null) {
            Set<String> all = new HashSet<>();
            indexes.forEach(index -> all.addAll(index.names()));
            names = java.util.Collections.unmodifiableSet(all);
        }
        return names;
    }

    /** How many packages the indexes hold (each is read: for tests and reports, not for the warm path). */
    public int size() {
        return indexes.stream().mapToInt(index -> index.all().size()).sum();
    }
}
