package dev.bulwark.catalog.plan;

import dev.bulwark.debian.version.DebianVersion;
import java.util.Objects;

/**
 * One package of an image's last build, for one Debian architecture {@code arch}; {@code key} is the candidate key
 * ({@code name:architecture}), made once here rather than on every plan.
 */
public record Installed(String arch, String name, String architecture, DebianVersion version, String source,
        DebianVersion sourceVersion, String key) {
    public Installed(String arch, String name, String architecture, DebianVersion version, String source,
            DebianVersion sourceVersion) {
        this(arch, name, architecture, version, source, sourceVersion, Candidate.key(name, architecture));
    }

    public Installed {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceVersion, "sourceVersion");
        if (!Candidate.key(name, architecture).equals(key)) {
            throw new IllegalArgumentException("key " + key + " is not " + Candidate.key(name, architecture));
        }
    }
}
