package dev.bulwark.scan.advisory;

import java.util.Objects;

/**
 * A source package an advisory source could say nothing about although it should have: a newer version is in the
 * suites, but none of its binaries carries a changelog to read. Reports list it so silence is never taken for "no
 * CVEs". {@code origin} names the advisory source, {@code reason} says what was tried.
 */
public record NoEvidence(String source, String installed, String candidate, String origin, String reason) {
    public NoEvidence {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(installed, "installed");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(reason, "reason");
    }
}
