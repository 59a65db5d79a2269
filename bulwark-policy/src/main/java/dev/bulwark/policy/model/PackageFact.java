package dev.bulwark.policy.model;

import java.util.List;
import java.util.Objects;

/** One installed Debian package with its source and the SPDX licence expressions its copyright file states. */
public record PackageFact(String name, String version, String architecture, String source, String sourceVersion,
        List<String> licenses) {
    public PackageFact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        architecture = architecture == null ? "" : architecture;
        source = source == null ? name : source;
        sourceVersion = sourceVersion == null ? version : sourceVersion;
        licenses = List.copyOf(licenses);
    }
}
