package dev.bulwark.image.components;

import java.util.Locale;
import java.util.Optional;

/** The language ecosystems whose components Bulwark finds in image files, by their OSV and purl names. */
public enum Ecosystem {
    MAVEN("Maven", "maven"),
    PYPI("PyPI", "pypi"),
    NPM("npm", "npm");

    private final String osvName;
    private final String purlType;

    Ecosystem(String osvName, String purlType) {
        this.osvName = osvName;
        this.purlType = purlType;
    }

    /** The ecosystem's name in OSV records ({@code affected[].package.ecosystem}). */
    public String osvName() {
        return osvName;
    }

    /** The purl type ({@code pkg:<type>/...}). */
    public String purlType() {
        return purlType;
    }

    /** The ecosystem an OSV record names, if Bulwark knows it. */
    public static Optional<Ecosystem> fromOsv(String name) {
        for (Ecosystem e : values()) {
            if (e.osvName.equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * The name as the ecosystem compares it: PyPI names per PEP 503 (lower case, runs of {@code -_.} as one
     * {@code -}); Maven {@code group:artifact} and npm names as written (both are case-sensitive).
     */
    public String normalize(String name) {
        return this == PYPI ? name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-") : name;
    }
}
