package dev.bulwark.oci;

import dev.bulwark.core.Hex;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A SHA-256 content digest, written {@code sha256:<64 hex>}; the only algorithm Bulwark produces or accepts. */
public record Digest(String hex) implements Comparable<Digest> {
    public static final String PREFIX = "sha256:";

    public Digest {
        if (!Hex.isLowerHex(hex, 64)) {
            throw new IllegalArgumentException("digest hex must be 64 lower-case hex digits: " + hex);
        }
    }

    public static Digest parse(String s) throws DigestParseException {
        if (s == null || !s.startsWith(PREFIX) || !Hex.isLowerHex(s.substring(PREFIX.length()), 64)) {
            throw new DigestParseException(s);
        }
        return new Digest(s.substring(PREFIX.length()));
    }

    public static Digest of(byte[] content) {
        return fromHash(sha256().digest(content));
    }

    /** Wraps a finished SHA-256 hash, e.g. from a {@link MessageDigest} fed while streaming. */
    public static Digest fromHash(byte[] sha256) {
        return new Digest(Hex.encode(sha256));
    }

    /** A fresh SHA-256 hasher; every JDK has one, so its absence is a broken runtime. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The file-name form used by cosign tags and some stores: {@code sha256-<hex>}. */
    public String dashed() {
        return "sha256-" + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return hex.compareTo(o.hex);
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }

    /* Written out for the reason Platform's are: no ObjectMethods bootstrap on the first comparison. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && hex.equals(d.hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }
}
