package dev.bulwark.scan.advisory;

import dev.bulwark.scan.ScanException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.Archive;
import dev.bulwark.debian.archive.ArchiveException;
import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.archive.Indexes;
import dev.bulwark.debian.archive.SuiteRelease;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.debian.version.DebianVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Advisories read from the archive itself, for when no tracker is reachable: for each installed source package with a
 * newer version in the suites the image builds from, a binary {@code .deb} of that version is fetched (verified by
 * the archive client; installed binaries first, then the smallest, following a doc-directory symlink to the binary
 * that ships the changelog), its {@code changelog.Debian.gz} read, and every CVE the entries above the installed
 * version's entry mention (see {@link DebianChangelog}) becomes a resolved advisory fixed at the entry that names it,
 * with that entry's upload urgency. A source whose candidate carries no changelog is reported as {@link NoEvidence}.
 * Only the archive's word: a CVE fixed without a changelog mention stays unseen, and "mentioned" is read as "fixed".
 */
public final class ChangelogSource implements AdvisorySource {

    public static final String ORIGIN = "archive-changelog";

    private final Archive archive;
    private final DebFetcher fetcher;
    private final List<String> components;
    private final String arch;
    private final Progress progress;
    private final Path changelogCache;
    private List<String> loadedSuites;
    private List<ArchivePackage> loaded;
    private Wanted wanted;
    private List<String> releasedSuites;
    private List<SuiteRelease> released;

    /**
     * Reads {@code components} of {@code arch}; with a {@code cacheDir}, each changelog read is kept under
     * {@code <cacheDir>/changelogs/} (see {@link DocChangelog}) so a warm scan never decompresses a package again.
     */
    public ChangelogSource(Archive archive, DebFetcher fetcher, List<String> components, String arch, Progress progress,
                           Path cacheDir) {
        this.changelogCache = cacheDir == null ? null : cacheDir.resolve("changelogs");
        this.archive = archive;
        this.fetcher = fetcher;
        this.components = List.copyOf(components);
        this.arch = arch;
        this.progress = progress;
    }

    @Override
    public String name() {
        return ORIGIN;
    }

    @Override
    public void advisories(AdvisoryQuery query, Consumer<Advisory> sink) throws ScanException {
        advisories(query, sink, n -> { });
    }

    @Override
    public void advisories(AdvisoryQuery query, Consumer<Advisory> sink, Consumer<NoEvidence> silent)
            throws ScanException {
        if (query.suites().isEmpty()) {
            throw new ScanException(Kind.BAD_INPUT, "cannot read archive changelogs: no suites to read them from");
        }
        List<SuiteRelease> releases = releases(query.suites());
        Path memo = DerivedMemo.path(changelogCache, releases, components, arch, query);
        if (DerivedMemo.replay(memo, sink, silent)) {
            return;
        }
        DerivedMemo recorder = new DerivedMemo(sink, silent);
        derive(query, releases, recorder::advisory, recorder::noEvidence);
        recorder.save(memo);
    }

    private void derive(AdvisoryQuery query, List<SuiteRelease> releases, Consumer<Advisory> sink,
                        Consumer<NoEvidence> silent) throws ScanException {
        Map<String, List<ArchivePackage>> bySource = new HashMap<>();
        for (ArchivePackage p : wanted(query.suites(), releases, query.sources().keySet(), query.binaries())) {
            if (query.sources().containsKey(p.source())) {
                bySource.computeIfAbsent(p.source(), k -> new ArrayList<>()).add(p);
            }
        }
        Map<String, List<ArchivePackage>> candidates = new TreeMap<>();
        Map<String, Map<String, DebianVersion>> repositories = new HashMap<>();
        bySource.forEach((source, list) -> {
            repositories.put(source, suiteVersions(list));
            DebianVersion installed = query.sources().get(source);
            DebianVersion newest = list.stream().map(ArchivePackage::sourceVersion).max(Comparator.naturalOrder()).orElseThrow();
            if (newest.compareTo(installed) > 0) {
                candidates.put(source, ordered(list, newest, query.binaries()));
            }
        });
        ChangelogReading reading = new ChangelogReading(this, candidates, query.sources());
        Map<String, Found> found = reading.run();
        candidates.forEach((source, debs) -> {
            DebianVersion candidate = debs.get(0).sourceVersion();
            DebianVersion installed = query.sources().get(source);
            Found f = found.get(source);
            if (f == null) {
                silent.accept(new NoEvidence(source, installed.toString(), candidate.toString(), ORIGIN,
                        "no binary of " + source + " " + candidate + " carries a changelog (read: "
                                + String.join(", ", reading.tried(source)) + ")"));
                return;
            }
            f.since().mentions().forEach((cve, mention) -> {
                DebianVersion entry = mention.version();
                // An entry merged from another branch (an NMU "1.1" inside "1+deb12u1") may sort above the version
                // that carries it, or at or below the installed one although it sits above it; the carrying version
                // is then the fix.
                DebianVersion fixedIn = entry.compareTo(candidate) > 0 || entry.compareTo(installed) <= 0 ? candidate : entry;
                sink.accept(new Advisory(source, query.release(), cve, AdvisoryStatus.RESOLVED, fixedIn,
                        mention.urgency(), "", "", repositories.get(source), ORIGIN, "fixed in " + source + " " + fixedIn
                        + " according to its changelog entry " + entry + " (urgency " + (mention.urgency().isEmpty()
                        ? "not given" : mention.urgency()) + "; read from " + f.pkg().name() + " " + f.pkg().version()
                        + ", " + anchorWords(f.since().anchor(), installed) + ")"));
            });
        });
    }

    /** A changelog read: the binary it came from and what it says since the installed version. */
    record Found(ArchivePackage pkg, DebianChangelog.Since since) {
    }

    private static String anchorWords(DebianChangelog.Anchor anchor, DebianVersion installed) {
        return switch (anchor) {
            case INSTALLED_ENTRY -> "entries above " + installed;
            case BACKPORT_BASE_ENTRY -> "entries above " + DebianChangelog.backportBase(installed).orElseThrow()
                    + ", which " + installed + " rebuilds";
            case VERSION_ORDER -> "no entry for " + installed + ": entries sorting above it";
        };
    }

    /** The binaries of {@code version}: installed ones first, then smallest first, so the cheapest read comes first. */
    private static List<ArchivePackage> ordered(List<ArchivePackage> list, DebianVersion version, java.util.Set<String> installed) {
        Map<String, ArchivePackage> byName = new TreeMap<>();
        list.stream().filter(p -> p.sourceVersion().compareTo(version) == 0).forEach(p -> byName.putIfAbsent(p.name(), p));
        return byName.values().stream().sorted(Comparator.comparing((ArchivePackage p) -> !installed.contains(p.name()))
                .thenComparingLong(ArchivePackage::size).thenComparing(ArchivePackage::name)).toList();
    }

    /** The index entries of {@code suites} for this source's architecture (and "all"), verified; kept per instance. */
    public List<ArchivePackage> index(List<String> suites) throws ScanException {
        return load(suites, suites.equals(loadedSuites) ? null : releases(suites));
    }

    /**
     * The newest entry of each of {@code names} per architecture in {@code suites} (this source's architecture and
     * "all"), ties going to the earlier suite: what {@code outdated} compares installed versions with. Kept per
     * verified InRelease set (see {@link IndexMemo}), so a warm run reads no index.
     */
    public List<ArchivePackage> newest(List<String> suites, java.util.Set<String> names) throws ScanException {
        List<SuiteRelease> releases = releases(suites);
        Path memo = IndexMemo.path(changelogCache, releases, components, arch, names);
        List<ArchivePackage> kept = IndexMemo.read(memo);
        if (kept != null) {
            return kept;
        }
        Map<String, ArchivePackage> newest = new java.util.LinkedHashMap<>();
        for (ArchivePackage p : wanted(suites, releases, java.util.Set.of(), names)) {
            if (names.contains(p.name())) {
                newest.merge(p.name() + ":" + p.architecture(), p, (a, b) -> a.version().compareTo(b.version()) >= 0 ? a : b);
            }
        }
        List<ArchivePackage> out = List.copyOf(newest.values());
        IndexMemo.write(memo, out);
        return out;
    }

    /** Each suite's verified InRelease, fetched once per instance (a conditional GET when cached). */
    private List<SuiteRelease> releases(List<String> suites) throws ScanException {
        if (suites.equals(releasedSuites)) {
            return released;
        }
        try {
            List<SuiteRelease> releases = new ArrayList<>();
            for (String s : suites) {
                releases.add(archive.release(s));
            }
            releasedSuites = List.copyOf(suites);
            released = List.copyOf(releases);
            return releases;
        } catch (ArchiveException e) {
            throw new ScanException(e.kind(), "cannot read archive changelogs: " + e.getMessage(), e);
        }
    }

    private List<ArchivePackage> load(List<String> suites, List<SuiteRelease> releases) throws ScanException {
        if (suites.equals(loadedSuites)) {
            return loaded;
        }
        try {
            loaded = Indexes.load(archive, releases, components, arch);
            loadedSuites = List.copyOf(suites);
            return loaded;
        } catch (ArchiveException e) {
            throw new ScanException(e.kind(), "cannot read archive changelogs: " + e.getMessage(), e);
        }
    }

    /**
     * The index entries of {@code suites} built from {@code sources} or named {@code binaries}: what one query asks
     * about, without reading the rest of the indexes into packages (the whole indexes when this instance holds them
     * already). Kept per instance, so {@link #newest} after {@link #advisories} for the same image reads nothing again.
     */
    private List<ArchivePackage> wanted(List<String> suites, List<SuiteRelease> releases, java.util.Set<String> sources,
            java.util.Set<String> binaries) throws ScanException {
        if (suites.equals(loadedSuites)) {
            return loaded;
        }
        if (wanted != null && wanted.covers(suites, sources, binaries)) {
            return wanted.packages();
        }
        java.util.Set<String> src = java.util.Set.copyOf(sources);
        java.util.Set<String> bin = java.util.Set.copyOf(binaries);
        try {
            wanted = new Wanted(List.copyOf(suites), src, bin, Indexes.load(archive, releases, components, arch,
                    (pkg, source) -> bin.contains(pkg) || src.contains(source)));
        } catch (ArchiveException e) {
            throw new ScanException(e.kind(), "cannot read archive changelogs: " + e.getMessage(), e);
        }
        return wanted.packages();
    }

    /** The entries of {@code suites} built from {@code sources} or named {@code binaries}. */
    private record Wanted(List<String> suites, java.util.Set<String> sources, java.util.Set<String> binaries,
                          List<ArchivePackage> packages) {
        boolean covers(List<String> s, java.util.Set<String> src, java.util.Set<String> bin) {
            return suites.equals(s) && sources.containsAll(src) && binaries.containsAll(bin);
        }
    }

    private static Map<String, DebianVersion> suiteVersions(List<ArchivePackage> list) {
        Map<String, DebianVersion> out = new TreeMap<>();
        for (ArchivePackage p : list) {
            out.merge(p.suite(), p.sourceVersion(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        return out;
    }

    Map<String, Path> fetch(java.util.Collection<ArchivePackage> debs) throws ScanException {
        List<DebFetcher.Wanted> wanted = debs.stream().map(p -> new DebFetcher.Wanted(p.id(),
                archive.poolUri(p.suite(), p.filename()), p.size(), p.sha256())).toList();
        try {
            return fetcher.fetch(wanted, progress).paths();
        } catch (ArchiveException e) {
            throw new ScanException(e.kind(), "cannot fetch packages to read their changelogs: " + e.getMessage(), e);
        }
    }

    Path changelogCache() {
        return changelogCache;
    }

    static DebianChangelog.Since since(DocChangelog doc, DebianVersion installed, ArchivePackage pkg)
            throws ScanException {
        try (InputStream in = doc.open()) {
            return DebianChangelog.since(new InputStreamReader(in, StandardCharsets.UTF_8), installed);
        } catch (IOException e) {
            throw new ScanException(Kind.ENVIRONMENT, "cannot read the changelog of " + pkg.id() + ": " + e.getMessage(), e);
        }
    }
}
