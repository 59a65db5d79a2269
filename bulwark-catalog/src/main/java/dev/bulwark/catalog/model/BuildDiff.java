package dev.bulwark.catalog.model;

import java.util.List;
import java.util.Objects;

/**
 * What changed from build {@code from} to build {@code to} of one image: packages per architecture, findings
 * (those gone and those new, by advisory id and package), and size.
 */
public record BuildDiff(String image, BuildSummary from, BuildSummary to, List<PackageChange> packages,
        List<Vulnerability> fixed, List<Vulnerability> introduced, boolean bothScanned) {

    /** A package added (from null), removed (to null) or changed on one architecture. */
    public record PackageChange(String arch, String name, String fromVersion, String toVersion) {
        public PackageChange {
            Checks.notBlank(arch, "arch");
            Checks.notBlank(name, "name");
            if (fromVersion == null && toVersion == null) {
                throw new IllegalArgumentException("a change has a version on at least one side");
            }
        }
    }

    public BuildDiff {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        packages = List.copyOf(packages);
        fixed = List.copyOf(fixed);
        introduced = List.copyOf(introduced);
    }

    public long compressedBytesDelta() {
        return to.compressedBytes() - from.compressedBytes();
    }

    public long packageBytesDelta() {
        return to.packageBytes() - from.packageBytes();
    }
}
