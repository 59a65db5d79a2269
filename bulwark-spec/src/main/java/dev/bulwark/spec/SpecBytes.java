package dev.bulwark.spec;

import dev.bulwark.core.Hex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The exact bytes a {@link Spec} was parsed from and their SHA-256 — the digest a lock records and provenance names.
 * Read once by {@link SpecParser}; everything after the parse uses these bytes instead of reading the file again.
 * Two values are equal when their digests are.
 */
public final class SpecBytes {
    private final byte[] bytes;
    private final String sha256;

    private SpecBytes(byte[] bytes) {
        this.bytes = bytes.clone();
        this.sha256 = sha256(this.bytes);
    }

    public static SpecBytes of(byte[] bytes) {
        return new SpecBytes(Objects.requireNonNull(bytes, "bytes"));
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** SHA-256 of the bytes, lower-case hex. */
    public String sha256() {
        return sha256;
    }

    /** The bytes as text; SpecParser only accepts UTF-8, so this is the YAML as written. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash spec: the JDK has no SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecBytes other && other.sha256.equals(sha256);
    }

    @Override
    public int hashCode() {
        return sha256.hashCode();
    }

    @Override
    public String toString() {
        return "SpecBytes[" + bytes.length + " bytes, sha256 " + sha256 + "]";
    }
}
