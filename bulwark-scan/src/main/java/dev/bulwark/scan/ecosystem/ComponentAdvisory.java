package dev.bulwark.scan.ecosystem;

import dev.bulwark.image.components.Ecosystem;
import dev.bulwark.scan.advisory.Severity;
import java.util.List;
import java.util.Objects;

/**
 * What one OSV record says about one package of a language ecosystem: the affected {@code ranges} (each a list of
 * events in the record's order) and explicitly listed {@code versions}. {@code name} is as the ecosystem compares it
 * ({@link Ecosystem#normalize}); {@code id} is the CVE where the record names one, else the record's id.
 */
public record ComponentAdvisory(Ecosystem ecosystem, String name, String id, String recordId, Severity severity,
                                List<List<Event>> ranges, List<String> versions, String summary) {

    /** One range event: {@code introduced}, {@code fixed}, {@code last_affected} or {@code limit}. */
    public record Event(String kind, String version) {
        public Event {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(version, "version");
        }
    }

    public ComponentAdvisory {
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        ranges = ranges.stream().map(List::copyOf).toList();
        versions = List.copyOf(versions);
        summary = summary == null ? "" : summary;
    }
}
