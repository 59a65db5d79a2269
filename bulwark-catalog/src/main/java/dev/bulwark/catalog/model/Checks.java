package dev.bulwark.catalog.model;

import java.util.regex.Pattern;

/** The validations the catalog's records share. */
final class Checks {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private Checks() {
    }

    static void name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an image name: " + name);
        }
    }

    static void sha256(String hex, String field) {
        if (hex == null || !SHA256.matcher(hex).matches()) {
            throw new IllegalArgumentException(field + " is not a SHA-256 in hex: " + hex);
        }
    }

    static void digest(String digest, String field) {
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException(field + " is not a sha256: digest: " + digest);
        }
    }

    static void notBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is empty");
        }
    }

    static void notNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " is negative: " + value);
        }
    }
}
