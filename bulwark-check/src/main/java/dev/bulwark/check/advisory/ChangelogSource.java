package dev.bulwark.check.advisory;

import dev.bulwark.check.CheckException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.Archive;
import dev.bulwark.debian.archive.ArchiveException;
import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.archive.Indexes;
import dev.bulwark.debian.archive.SuiteRelease;
import dev.bulwark.debian.deb.DataEntry;
import dev.bulwark.debian.deb.DebException;
import dev.bulwark.debian.deb.DebFile;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.debian.version.DebianVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Advisories read from the archive itself, for when no tracker is reachable: for each installed source package with a
 * newer version in the suites the image builds from, the smallest binary {@code .deb} of that version is fetched
 * (verified by the archive client), its {@code changelog.Debian.gz} read, and every CVE the entries newer than the
 * installed version mention becomes a resolved advisory fixed at the entry that first names it. Only the archive's
 * word: a CVE fixed without a changelog mention stays unseen, and "mentioned" is read as "fixed".
 */
public final class ChangelogSource implements AdvisorySource {

    public static final String ORIGIN = "archive-changelog";
    private static final Pattern DEBIAN_CHANGELOG = Pattern.compile("/usr/share/doc/[^/]+/changelog\\.Debian\\.gz");
    /** Native packages (no Debian revision) keep their one changelog as changelog.gz. */
    private static final Pattern NATIVE_CHANGELOG = Pattern.compile("/usr/share/doc/[^/]+/changelog\\.gz");
    private static final int MAX_TRIES = 3;

    private final Archive archive;
    private final DebFetcher fetcher;
    private final List<String> components;
    private final String arch;
    private final Progress progress;
    private final Path changelogCache;

    /**
     * Reads {@code components} of {@code arch}; with a {@code cacheDir}, each changelog read is kept under
     * {@code <cacheDir>/changelogs/<deb sha256>.gz} so a warm scan never decompresses a package again.
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
    public void advisories(AdvisoryQuery query, Consumer<Advisory> sink) throws CheckException {
        if (query.suites().isEmpty()) {
            throw new CheckException(Kind.BAD_INPUT, "cannot read archive changelogs: no suites to read them from");
        }
        List<ArchivePackage> packages = load(query.suites());
        Map<String, List<ArchivePackage>> bySource = new HashMap<>();
        for (ArchivePackage p : packages) {
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
                candidates.put(source, list.stream().filter(p -> p.sourceVersion().compareTo(newest) == 0)
                        .sorted(Comparator.comparingLong(ArchivePackage::size).thenComparing(ArchivePackage::name)).toList());
            }
        });
        Map<String, DebianChangelog.Since> found = readChangelogs(candidates, query.sources());
        found.forEach((source, since) -> {
            DebianVersion candidate = candidates.get(source).get(0).sourceVersion();
            since.cves().forEach((cve, entry) -> {
                // An entry merged from another branch (an NMU "1.1" inside "1+deb12u1") may sort above the version
                // that carries it; the carrying version is then the fix.
                DebianVersion fixedIn = entry.compareTo(candidate) > 0 ? candidate : entry;
                sink.accept(new Advisory(source, query.release(), cve, AdvisoryStatus.RESOLVED, fixedIn, "", "", "",
                        repositories.get(source), ORIGIN, "fixed in " + source + " " + fixedIn + " according to its changelog"));
            });
        });
    }

    private List<ArchivePackage> load(List<String> suites) throws CheckException {
        try {
            List<SuiteRelease> releases = new ArrayList<>();
            for (String s : suites) {
                releases.add(archive.release(s));
            }
            return Indexes.load(archive, releases, components, arch);
        } catch (ArchiveException e) {
            throw new CheckException(e.kind(), "cannot read archive changelogs: " + e.getMessage(), e);
        }
    }

    private static Map<String, DebianVersion> suiteVersions(List<ArchivePackage> list) {
        Map<String, DebianVersion> out = new TreeMap<>();
        for (ArchivePackage p : list) {
            out.merge(p.suite(), p.sourceVersion(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        return out;
    }

    private Map<String, DebianChangelog.Since> readChangelogs(Map<String, List<ArchivePackage>> candidates,
                                                              Map<String, DebianVersion> installed) throws CheckException {
        Map<String, DebianChangelog.Since> found = new TreeMap<>();
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            Map<String, ArchivePackage> round = new LinkedHashMap<>();
            for (var e : candidates.entrySet()) {
                if (!found.containsKey(e.getKey()) && e.getValue().size() > attempt) {
                    round.put(e.getKey(), e.getValue().get(attempt));
                }
            }
            if (round.isEmpty()) {
                break;
            }
            Map<String, ArchivePackage> uncached = new LinkedHashMap<>();
            round.forEach((k, v) -> {
                if (cached(v) == null) {
                    uncached.put(k, v);
                }
            });
            Map<String, Path> paths = uncached.isEmpty() ? Map.of() : fetch(uncached.values());
            for (var e : round.entrySet()) {
                DebianChangelog.Since since = readCached(paths.get(e.getValue().sha256()), e.getValue(),
                        installed.get(e.getKey()));
                if (since != null) {
                    found.put(e.getKey(), since);
                }
            }
        }
        return found;
    }

    private Map<String, Path> fetch(java.util.Collection<ArchivePackage> debs) throws CheckException {
        List<DebFetcher.Wanted> wanted = debs.stream().map(p -> new DebFetcher.Wanted(p.id(),
                archive.poolUri(p.suite(), p.filename()), p.size(), p.sha256())).toList();
        try {
            return fetcher.fetch(wanted, progress).paths();
        } catch (ArchiveException e) {
            throw new CheckException(e.kind(), "cannot fetch packages to read their changelogs: " + e.getMessage(), e);
        }
    }

    /** The cached changelog of a .deb (an empty file: it has none), or null when it was never read. */
    private Path cached(ArchivePackage pkg) {
        if (changelogCache == null) {
            return null;
        }
        Path p = changelogCache.resolve(pkg.sha256() + ".gz");
        return Files.isRegularFile(p) ? p : null;
    }

    private DebianChangelog.Since readCached(Path deb, ArchivePackage pkg, DebianVersion installed) throws CheckException {
        Path cached = cached(pkg);
        try {
            if (cached == null) {
                byte[] gz = extract(deb, pkg);
                if (changelogCache == null) {
                    return gz.length == 0 ? null : since(new java.io.ByteArrayInputStream(gz), installed);
                }
                Files.createDirectories(changelogCache);
                Path temp = Files.createTempFile(changelogCache, ".part-", ".tmp");
                Files.write(temp, gz);
                cached = changelogCache.resolve(pkg.sha256() + ".gz");
                Files.move(temp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            if (Files.size(cached) == 0) {
                return null;
            }
            try (InputStream in = Files.newInputStream(cached)) {
                return since(in, installed);
            }
        } catch (IOException e) {
            throw new CheckException(Kind.ENVIRONMENT, "cannot read the changelog of " + pkg.id() + ": " + e.getMessage(), e);
        }
    }

    private static DebianChangelog.Since since(InputStream gz, DebianVersion installed) throws IOException {
        return DebianChangelog.since(new InputStreamReader(new GZIPInputStream(gz), StandardCharsets.UTF_8), installed);
    }

    /** The gzip bytes of the package's changelog, or none when this .deb carries no changelog. */
    static byte[] extract(Path deb, ArchivePackage pkg) throws CheckException {
        byte[][] result = new byte[1][];
        Pattern changelog = pkg.sourceVersion().revision().isEmpty() ? NATIVE_CHANGELOG : DEBIAN_CHANGELOG;
        try (DebFile file = DebFile.open(deb, pkg.name() + "_" + pkg.version() + "_" + pkg.architecture() + ".deb")) {
            file.readData((DataEntry entry, java.io.InputStream content) -> {
                if (result[0] == null && entry.type() == DataEntry.Type.FILE && changelog.matcher(entry.path()).matches()) {
                    result[0] = content.readAllBytes();
                }
            });
        } catch (IOException | DebException e) {
            throw new CheckException(Kind.ENVIRONMENT, "cannot read the changelog of " + pkg.id() + ": " + e.getMessage(), e);
        }
        return result[0] == null ? new byte[0] : result[0];
    }
}
