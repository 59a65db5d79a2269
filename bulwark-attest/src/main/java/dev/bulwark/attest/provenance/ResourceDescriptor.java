package dev.bulwark.attest.provenance;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An in-toto ResourceDescriptor as SLSA uses it for resolved dependencies and byproducts: a name, an optional
 * URI, the SHA-256 in hex and an optional media type.
 */
public record ResourceDescriptor(String name, String uri, String sha256, String mediaType) {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public ResourceDescriptor {
        Objects.requireNonNull(name, "name");
        if (sha256 == null || !HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("resource " + name + " needs a SHA-256 of 64 lower-case hex digits");
        }
    }
}
