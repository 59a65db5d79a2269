package dev.bulwark.scan.advisory;

import dev.bulwark.scan.ScanException;
import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.version.DebianVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds one changelog per source package among the binaries of its candidate version, in rounds so each round's
 * downloads run in parallel. A binary whose doc directory is a symlink names the binary that ships the file (same
 * source, same version); that one is read next. At most {@link #MAX_READS} binaries per source are read.
 */
final class ChangelogReading {

    static final int MAX_READS = 4;

    private final ChangelogSource source;
    private final Map<String, List<ArchivePackage>> candidates;
    private final Map<String, DebianVersion> installed;
    private final Map<String, Set<String>> tried = new TreeMap<>();
    private final Map<String, String> linked = new TreeMap<>();

    ChangelogReading(ChangelogSource source, Map<String, List<ArchivePackage>> candidates,
                     Map<String, DebianVersion> installed) {
        this.source = source;
        this.candidates = candidates;
        this.installed = installed;
    }

    Map<String, ChangelogSource.Found> run() throws ScanException {
        Map<String, ChangelogSource.Found> found = new TreeMap<>();
        Path cache = source.changelogCache();
        for (int round = 0; round < MAX_READS; round++) {
            Map<String, ArchivePackage> next = new LinkedHashMap<>();
            for (String s : candidates.keySet()) {
                ArchivePackage p = found.containsKey(s) ? null : next(s);
                if (p != null) {
                    next.put(s, p);
                    tried.computeIfAbsent(s, k -> new LinkedHashSet<>()).add(p.name());
                }
            }
            if (next.isEmpty()) {
                break;
            }
            Map<String, DocChangelog> read = new LinkedHashMap<>();
            List<ArchivePackage> uncached = new ArrayList<>();
            for (var e : next.entrySet()) {
                DocChangelog c = DocChangelog.cached(cache, e.getValue());
                if (c == null) {
                    uncached.add(e.getValue());
                } else {
                    read.put(e.getKey(), c);
                }
            }
            Map<String, Path> paths = uncached.isEmpty() ? Map.of() : source.fetch(uncached);
            for (var e : next.entrySet()) {
                DocChangelog c = read.containsKey(e.getKey()) ? read.get(e.getKey())
                        : DocChangelog.read(paths.get(e.getValue().sha256()), e.getValue(), cache);
                if (c.found()) {
                    found.put(e.getKey(), new ChangelogSource.Found(e.getValue(),
                            ChangelogSource.since(c, installed.get(e.getKey()), e.getValue())));
                } else if (c.linkedPackage() != null) {
                    linked.put(e.getKey(), c.linkedPackage());
                }
            }
        }
        return found;
    }

    /** The binaries read for {@code source}, in order. */
    List<String> tried(String source) {
        return List.copyOf(tried.getOrDefault(source, Set.of()));
    }

    private ArchivePackage next(String s) {
        Set<String> done = tried.getOrDefault(s, Set.of());
        String link = linked.remove(s);
        if (link != null && !done.contains(link)) {
            for (ArchivePackage p : candidates.get(s)) {
                if (p.name().equals(link)) {
                    return p;
                }
            }
        }
        for (ArchivePackage p : candidates.get(s)) {
            if (!done.contains(p.name())) {
                return p;
            }
        }
        return null;
    }
}
