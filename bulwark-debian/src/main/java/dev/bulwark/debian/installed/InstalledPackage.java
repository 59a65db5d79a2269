package dev.bulwark.debian.installed;

import dev.bulwark.debian.control.Paragraph;
import dev.bulwark.debian.version.DebianVersion;
import java.util.Objects;

/**
 * A package the dpkg database says is installed. {@code source} and {@code sourceVersion} are always set: from the
 * {@code Source: name (version)} field, else the binary's own name and version. {@code control} is the whole stanza.
 */
public record InstalledPackage(String name, DebianVersion version, String architecture, String source,
        DebianVersion sourceVersion, String maintainer, Paragraph control) {

    public InstalledPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(control, "control");
        source = source == null ? name : source;
        sourceVersion = sourceVersion == null ? version : sourceVersion;
        maintainer = maintainer == null ? "" : maintainer;
    }

    /** "name=version" — how a package is named in messages. */
    public String id() {
        return name + "=" + version;
    }
}
