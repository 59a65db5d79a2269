package dev.bulwark.scan.advisory;

import dev.bulwark.debian.version.DebianVersion;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a scan needs advisories for: one release (codename), the suites the image builds from, the installed source
 * packages with their versions, and the names of the installed binary packages (sources that read packages prefer
 * those). An empty {@code sources} map means "everything in the release".
 */
public record AdvisoryQuery(String release, List<String> suites, Map<String, DebianVersion> sources,
        Set<String> binaries) {

    public AdvisoryQuery {
        Objects.requireNonNull(release, "release");
        suites = List.copyOf(suites);
        sources = Map.copyOf(sources);
        binaries = Set.copyOf(binaries);
    }

    public AdvisoryQuery(String release, List<String> suites, Map<String, DebianVersion> sources) {
        this(release, suites, sources, Set.of());
    }

    /** Every source package of a release, for building a whole database. */
    public static AdvisoryQuery wholeRelease(String release) {
        return new AdvisoryQuery(release, List.of(), Map.of());
    }

    /** Whether the query wants advisories about {@code source} in {@code release}. */
    public boolean wants(String source, String advisoryRelease) {
        return release.equals(advisoryRelease) && (sources.isEmpty() || sources.containsKey(source));
    }

    public Set<String> sourceNames() {
        return sources.keySet();
    }
}
