package dev.bulwark.attest.sbom;

import dev.bulwark.oci.Digest;

import java.util.Objects;

/** The image an SBOM describes: its name (e.g. {@code python3}, or a repository) and the digest it is pulled by. */
public record SbomSubject(String name, Digest digest) {

    public SbomSubject {
        Objects.requireNonNull(digest, "digest");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an SBOM subject needs a name");
        }
    }
}
