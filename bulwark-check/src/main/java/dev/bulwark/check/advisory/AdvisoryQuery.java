package dev.bulwark.check.advisory;

import dev.bulwark.debian.version.DebianVersion;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a scan needs advisories for: one release (codename), the suites the image builds from, and the installed
 * source packages with their versions. An empty {@code sources} map means "everything in the release".
 */
public record AdvisoryQuery(String release, java.util.List<String> suites, Map<String, DebianVersion> sources) {

    public AdvisoryQuery {
        Objects.requireNonNull(release, "release");
        suites = java.util.List.copyOf(suites);
        sources = Map.copyOf(sources);
    }

    /** Every source package of a release, for building a whole database. */
    public static AdvisoryQuery wholeRelease(String release) {
        return new AdvisoryQuery(release, java.util.List.of(), Map.of());
    }

    /** Whether the query wants advisories about {@code source} in {@code release}. */
    public boolean wants(String source, String advisoryRelease) {
        return release.equals(advisoryRelease) && (sources.isEmpty() || sources.containsKey(source));
    }

    public Set<String> sourceNames() {
        return sources.keySet();
    }
}
