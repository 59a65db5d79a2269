package dev.bulwark.scan.advisory;

import dev.bulwark.debian.version.DebianVersion;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one advisory source says about one CVE in one Debian source package for one release (a codename such as
 * {@code bookworm}). {@code fixedVersion} is set only when {@code status} is resolved; {@code "0"} there means the
 * release was never affected. {@code repositories} maps each suite to the version it carries, as far as the source
 * knows. {@code nodsa} / {@code nodsaReason} ({@code ignored}, {@code postponed}) say Debian will not fix the issue by
 * a security upload. {@code origin} names the source ("debian-tracker", "osv", "archive-changelog").
 */
public record Advisory(String source, String release, String cve, AdvisoryStatus status, DebianVersion fixedVersion,
        String urgency, String nodsa, String nodsaReason, Map<String, DebianVersion> repositories, String origin,
        String description) {

    public Advisory {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(cve, "cve");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(origin, "origin");
        if (status == AdvisoryStatus.RESOLVED && fixedVersion == null) {
            throw new IllegalArgumentException("cannot create advisory " + cve + " for " + source + " in " + release
                    + ": resolved without a fixed version");
        }
        if (status != AdvisoryStatus.RESOLVED) {
            fixedVersion = null;
        }
        urgency = urgency == null ? "" : urgency;
        nodsa = nodsa == null ? "" : nodsa;
        nodsaReason = nodsaReason == null ? "" : nodsaReason;
        repositories = Map.copyOf(repositories == null ? Map.of() : repositories);
        description = description == null ? "" : description;
    }

    /** Whether the release never shipped the vulnerable code (resolved with fixed version {@code 0}). */
    public boolean neverAffected() {
        return status == AdvisoryStatus.RESOLVED && fixedVersion.compareTo(ZERO) <= 0;
    }

    /** The same advisory with the suites of {@code other} added (this one's versions win). */
    public Advisory withRepositoriesOf(Advisory other) {
        Map<String, DebianVersion> merged = new TreeMap<>(other.repositories);
        merged.putAll(repositories);
        return new Advisory(source, release, cve, status, fixedVersion, urgency, nodsa, nodsaReason, merged, origin,
                description.isEmpty() ? other.description : description);
    }

    private static final DebianVersion ZERO = new DebianVersion(0, "0", "");
}
