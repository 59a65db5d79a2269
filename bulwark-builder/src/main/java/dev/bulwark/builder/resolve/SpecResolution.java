package dev.bulwark.builder.resolve;

import dev.bulwark.debian.archive.SuiteRelease;
import dev.bulwark.debian.resolve.Resolution;
import java.util.List;
import java.util.Map;

/** A spec resolved against the archive: the verified suites consulted and the closure per architecture. */
public record SpecResolution(List<SuiteRelease> suites, Map<String, Resolution> byArch, Map<String, String> excluded) {
    public SpecResolution {
        suites = List.copyOf(suites);
        byArch = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(byArch));
        excluded = Map.copyOf(excluded);
    }
}
