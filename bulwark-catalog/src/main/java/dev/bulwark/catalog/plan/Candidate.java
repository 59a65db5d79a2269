package dev.bulwark.catalog.plan;

import dev.bulwark.debian.version.DebianVersion;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The newest version of binary package {@code name} for {@code architecture} in the suites of one distribution, when
 * it was first seen there ({@code seenAt}: the InRelease Date, or when the watcher first saw it), and every CVE a
 * version of that source fixes up to it. Which fixes matter to an image depends on what it has installed.
 */
public record Candidate(String name, String architecture, DebianVersion version, DebianVersion sourceVersion,
        String suite, Instant seenAt, List<Fix> fixes) {

    /** A CVE fixed in source version {@code fixedVersion}, and the advisory source that says so. */
    public record Fix(String cve, String severity, DebianVersion fixedVersion, String origin) {
        public Fix {
            Objects.requireNonNull(cve, "cve");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(fixedVersion, "fixedVersion");
            origin = origin == null ? "" : origin;
        }
    }

    public Candidate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sourceVersion, "sourceVersion");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(seenAt, "seenAt");
        fixes = List.copyOf(fixes);
    }

    /** The key candidates are looked up by: {@code name:architecture}. */
    public String key() {
        return key(name, architecture);
    }

    public static String key(String name, String architecture) {
        return name + ":" + architecture;
    }
}
