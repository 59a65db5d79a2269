package dev.bulwark.scan.advisory;

import dev.bulwark.scan.ScanException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The merged advisories, keyed by source package, release and CVE. When several sources speak about the same key,
 * the first one added wins (order sources from most to least authoritative: tracker, OSV, changelogs) and the others
 * only add the suites they know of.
 */
public final class AdvisoryDb {

    private final Map<String, Map<String, Map<String, Advisory>>> bySource = new HashMap<>();
    private final List<String> sourceNames = new ArrayList<>();
    private final List<NoEvidence> noEvidence = new ArrayList<>();
    private final dev.bulwark.scan.ecosystem.ComponentAdvisories components =
            new dev.bulwark.scan.ecosystem.ComponentAdvisories();
    private int size;

    /** Loads every source for the query into a new database. */
    public static AdvisoryDb load(List<? extends AdvisorySource> sources, AdvisoryQuery query) throws ScanException {
        AdvisoryDb db = new AdvisoryDb();
        for (AdvisorySource s : sources) {
            db.sourceNames.add(s.name());
            s.advisories(query, a -> {
                if (query.wants(a.source(), a.release())) {
                    db.add(a);
                }
            }, db.noEvidence::add, db.components);
        }
        return db;
    }

    /** Adds one advisory, merging with what is there. */
    public void add(Advisory a) {
        Map<String, Advisory> byCve = bySource.computeIfAbsent(a.source(), k -> new HashMap<>())
                .computeIfAbsent(a.release(), k -> new LinkedHashMap<>());
        Advisory existing = byCve.get(a.cve());
        if (existing == null) {
            byCve.put(a.cve(), a);
            size++;
        } else {
            byCve.put(a.cve(), existing.withRepositoriesOf(a));
        }
    }

    /** The advisories about {@code source} in {@code release}, in the order they were added. */
    public Collection<Advisory> find(String source, String release) {
        Map<String, Advisory> byCve = bySource.getOrDefault(source, Map.of()).get(release);
        return byCve == null ? List.of() : byCve.values();
    }

    /** Every advisory of a release. */
    public List<Advisory> all(String release) {
        List<Advisory> out = new ArrayList<>();
        bySource.values().forEach(r -> out.addAll(r.getOrDefault(release, Map.of()).values()));
        return out;
    }

    public int size() {
        return size;
    }

    /** The source packages a source could not speak about (no changelog to read), in the order reported. */
    public List<NoEvidence> noEvidence() {
        return List.copyOf(noEvidence);
    }

    /** The Maven, PyPI and npm advisories loaded, and which of those ecosystems the data covered. */
    public dev.bulwark.scan.ecosystem.ComponentAdvisories components() {
        return components;
    }

    /** The names of the sources loaded, in precedence order. */
    public List<String> sourceNames() {
        return List.copyOf(sourceNames);
    }
}
