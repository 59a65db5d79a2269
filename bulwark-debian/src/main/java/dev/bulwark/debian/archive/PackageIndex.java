package dev.bulwark.debian.archive;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The packages of one verified Packages index, looked up by name: a resolver asks for a few hundred names of the tens
 * of thousands an index lists, and an index read from the cache materialises only those.
 */
public interface PackageIndex {

    /** The packages called {@code name}, in index order; empty when there are none. */
    List<ArchivePackage> named(String name);

    /** The packages whose Provides field names {@code name}, each once, in index order. */
    List<ArchivePackage> providing(String name);

    /** Every package name the index lists (all of them are read: for messages, not for the warm path). */
    Set<String> names();

    /** Every package, in index order. */
    List<ArchivePackage> all();

    /** The first package (in index order) whose Provides field does not parse, if any. */
    Optional<ArchivePackage> malformedProvides();

    /** An index over packages already in memory (from any archive, or a test). */
    static PackageIndex of(List<ArchivePackage> packages) {
        return new ListIndex(packages);
    }
}
