package dev.bulwark.attest.sbom;

import java.util.Objects;

/** A {@code .deb} whose SHA-256 is known (from the lock), matched to installed packages by name, version and arch. */
public record KnownDeb(String name, String version, String architecture, String sha256) {

    public KnownDeb {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(architecture, "architecture");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("the SHA-256 of " + name + " must be 64 lower-case hex digits");
        }
    }

    String key() {
        return key(name, version, architecture);
    }

    static String key(String name, String version, String arch) {
        return name + "=" + version + ":" + arch;
    }
}
