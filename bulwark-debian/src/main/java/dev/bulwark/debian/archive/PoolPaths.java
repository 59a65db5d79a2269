package dev.bulwark.debian.archive;

import java.util.regex.Pattern;

/**
 * Pool paths ({@code Filename:} of a Packages stanza, {@code filename} of a lock) are resolved against the mirror's
 * base URL, so they must stay relative to it: no scheme, no host, no absolute path, no {@code ..}.
 */
public final class PoolPaths {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~%@-]*(/[A-Za-z0-9._+~%@-]+)*");

    private PoolPaths() {
    }

    /** Why {@code path} is not a safe relative pool path, or null when it is one. */
    public static String problem(String path) {
        if (path == null || path.isEmpty()) {
            return "it is empty";
        }
        if (!SAFE.matcher(path).matches()) {
            return "it is not a relative path of plain names (no scheme, host, absolute path or spaces)";
        }
        for (String part : path.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                return "it contains '" + part + "'";
            }
        }
        return null;
    }
}
