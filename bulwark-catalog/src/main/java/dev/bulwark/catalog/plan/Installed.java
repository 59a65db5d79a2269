package dev.bulwark.catalog.plan;

import dev.bulwark.debian.version.DebianVersion;
import java.util.Objects;

/** One package of an image's last build, for one Debian architecture {@code arch}. */
public record Installed(String arch, String name, String architecture, DebianVersion version, String source,
        DebianVersion sourceVersion) {
    public Installed {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceVersion, "sourceVersion");
    }
}
