package dev.bulwark.debian.archive;

import dev.bulwark.debian.version.DebianVersion;
import java.util.Objects;

/**
 * One binary package as a Packages index lists it: identity, where it lives in the pool, its verified size and
 * SHA-256, and the raw relationship fields (parsed on demand by the resolver).
 */
public record ArchivePackage(String name, DebianVersion version, String architecture, String source,
        DebianVersion sourceVersion, String suite, String component, String filename, long size, String sha256,
        String depends, String preDepends, String provides, String conflicts, String breaks, boolean essential,
        String multiArch) {

    public ArchivePackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(sha256, "sha256");
        source = source == null ? name : source;
        sourceVersion = sourceVersion == null ? version : sourceVersion;
    }

    /** "name=version" — how a package is named in messages and pins. */
    public String id() {
        return name + "=" + version;
    }
}
