package dev.bulwark.catalog.model;

import java.util.Set;

/**
 * Evidence attached to a build, by digest: {@code kind} is one of {@link #KINDS}; {@code arch} is the Debian
 * architecture it covers, or "" for all of them.
 */
public record Attestation(String kind, String arch, String digest) {
    public static final Set<String> KINDS =
            Set.of("sbom-spdx", "sbom-cyclonedx", "provenance", "signature", "test", "policy", "vex");

    public Attestation {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown attestation kind " + kind + "; one of " + KINDS);
        }
        arch = arch == null ? "" : arch;
        Checks.digest(digest, "digest");
    }
}
