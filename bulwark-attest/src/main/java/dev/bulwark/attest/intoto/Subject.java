package dev.bulwark.attest.intoto;

import dev.bulwark.oci.Digest;

import java.util.Objects;

/** What a statement is about: a name and the SHA-256 of the artifact (an image manifest or index). */
public record Subject(String name, Digest digest) {

    public Subject {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
    }
}
