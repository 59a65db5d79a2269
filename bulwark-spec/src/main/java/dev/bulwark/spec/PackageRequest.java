package dev.bulwark.spec;

import java.util.regex.Pattern;

/**
 * One entry of a spec's {@code packages}: a Debian package name, optionally pinned to an exact version with
 * {@code name=version}. Names follow Debian policy 5.6.1, versions policy 5.6.12.
 */
public record PackageRequest(String name, String version) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    private static final Pattern EPOCH = Pattern.compile("[0-9]+");
    private static final Pattern UPSTREAM = Pattern.compile("[0-9][A-Za-z0-9.+~:-]*");
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9.+~]+");

    public PackageRequest {
        String nameProblem = nameProblem(name);
        if (nameProblem != null) {
            throw new IllegalArgumentException(nameProblem);
        }
        if (version != null) {
            String versionProblem = versionProblem(version);
            if (versionProblem != null) {
                throw new IllegalArgumentException(versionProblem);
            }
        }
    }

    /** Parses {@code name} or {@code name=version}. */
    public static PackageRequest parse(String text) throws SpecException {
        if (text == null) {
            throw new SpecException("cannot parse package request: no text", "no text");
        }
        int eq = text.indexOf('=');
        String name = eq < 0 ? text : text.substring(0, eq);
        String version = eq < 0 ? null : text.substring(eq + 1);
        try {
            return new PackageRequest(name, version);
        } catch (IllegalArgumentException e) {
            throw new SpecException("cannot parse package request '" + text + "': " + e.getMessage(), e.getMessage());
        }
    }

    /** Why {@code name} is not a valid Debian package name, or null when it is. */
    public static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "missing package name";
        }
        if (!NAME.matcher(name).matches()) {
            return "invalid package name '" + name + "' (lower-case letters, digits, '+', '-', '.';"
                    + " at least two characters, starting with a letter or digit)";
        }
        return null;
    }

    /** Why {@code version} is not a valid Debian version, or null when it is. */
    public static String versionProblem(String version) {
        if (version.isEmpty()) {
            return "missing version after '='";
        }
        String rest = version;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            if (!EPOCH.matcher(rest.substring(0, colon)).matches()) {
                return invalidVersion(version, "the epoch before ':' must be a number");
            }
            rest = rest.substring(colon + 1);
        }
        int dash = rest.lastIndexOf('-');
        String upstream = dash < 0 ? rest : rest.substring(0, dash);
        if (dash >= 0 && !REVISION.matcher(rest.substring(dash + 1)).matches()) {
            return invalidVersion(version, "the revision after the last '-' must be letters, digits, '+', '.', '~'");
        }
        if (!UPSTREAM.matcher(upstream).matches() || colon < 0 && upstream.contains(":")) {
            return invalidVersion(version, "the upstream version must start with a digit and contain only"
                    + " letters, digits, '.', '+', '~', '-', ':'");
        }
        return null;
    }

    private static String invalidVersion(String version, String why) {
        return "invalid version '" + version + "': " + why;
    }

    /** {@code name} or {@code name=version}, the form {@link #parse(String)} reads. */
    @Override
    public String toString() {
        return version == null ? name : name + "=" + version;
    }
}
