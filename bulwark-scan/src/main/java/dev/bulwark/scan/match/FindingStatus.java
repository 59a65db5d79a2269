package dev.bulwark.scan.match;

/** Why a package is reported for a CVE. */
public enum FindingStatus {
    /** Installed version is below the fixed version ({@code fixSuite} says whether a suite carries the fix). */
    VULNERABLE,
    /** Affected and Debian has no fix yet. */
    OPEN,
    /** Not yet known whether the release is affected. */
    UNDETERMINED,
    /** Debian will not fix it with a security upload (minor issue). */
    NODSA,
    /** Debian decided to ignore it for this release. */
    IGNORED,
    /** Debian postponed the fix to a later point release. */
    POSTPONED,
    /** The release, or this package in it, no longer gets security support. */
    END_OF_LIFE;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
