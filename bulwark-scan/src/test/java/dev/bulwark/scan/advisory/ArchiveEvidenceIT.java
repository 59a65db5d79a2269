package dev.bulwark.scan.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.scan.ScanException;
import dev.bulwark.scan.match.Finding;
import dev.bulwark.scan.match.Matcher;
import dev.bulwark.scan.match.ScanResult;
import dev.bulwark.scan.match.ScanTarget;
import dev.bulwark.scan.match.Targets;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.ArchiveException;
import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.archive.HttpArchive;
import dev.bulwark.debian.archive.HttpTransport;
import dev.bulwark.debian.archive.Indexes;
import dev.bulwark.debian.archive.MirrorConfig;
import dev.bulwark.debian.deb.DataEntry;
import dev.bulwark.debian.deb.DebFile;
import dev.bulwark.debian.fetch.DebCache;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.debian.installed.OsRelease;
import dev.bulwark.debian.pgp.ClearsignVerifier;
import dev.bulwark.debian.pgp.Keyring;
import dev.bulwark.debian.version.DebianVersion;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the live archive of this host's release: a rootfs whose dpkg database holds the real control stanzas of
 * point-release binaries of several sources that have a newer version in -security (apache2 and openjdk-17 among
 * them when present: their small binaries symlink their doc directory), scanned with the changelog source, must report
 * exactly the CVEs the newer changelog names above the installed version's entry (or above X for a backport X~debNuM),
 * computed here by reading every candidate binary the naive way. Needs the network and a Debian host.
 */
class ArchiveEvidenceIT {

    private static final boolean CI = "true".equals(System.getenv("CI"));
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
    private static final long MAX_NAIVE_DEB = 80L << 20;

    @TempDir
    Path cache;
    @TempDir
    Path root;

    @Test
    void scan_pointReleaseRootfs_reportsEveryCveTheSecurityChangelogsNameSinceInstalled() throws Exception {
        String release = hostRelease();
        HttpTransport transport = HttpTransport.standard();
        HttpArchive archive;
        List<ArchivePackage> point;
        List<ArchivePackage> security;
        try {
            MirrorConfig mirror = MirrorConfig.resolve(null, null, System.getenv(), Path.of("/etc/apt"));
            archive = new HttpArchive(mirror, transport, new ClearsignVerifier(Keyring.debianArchive(), Clock.systemUTC()),
                    cache, Clock.systemUTC());
            point = Indexes.load(archive, List.of(archive.release(release)), List.of("main"), "amd64");
            security = Indexes.load(archive, List.of(archive.release(release + "-security")), List.of("main"), "amd64");
        } catch (ArchiveException e) {
            unavailable(e.getMessage());
            return;
        }
        DebFetcher fetcher = new DebFetcher(transport, new DebCache(cache), 4);
        Map<String, List<ArchivePackage>> newer = newerInSecurity(point, security);
        List<String> chosen = choose(newer, point);
        Map<String, ArchivePackage> installed = new TreeMap<>();
        for (String s : chosen) {
            installed.put(s, point.stream().filter(p -> p.source().equals(s) && p.architecture().equals("amd64"))
                    .min(Comparator.comparingLong(ArchivePackage::size)).orElseThrow());
        }
        archiveRef = archive;
        writeRootfs(release, installed.values(), fetcher);

        ScanTarget target = Targets.fromRootfs(root, release, List.of(release, release + "-security"));
        ChangelogSource source = new ChangelogSource(archive, fetcher, List.of("main"), "amd64", Progress.NONE, cache);
        AdvisoryDb db = AdvisoryDb.load(List.of(source), new AdvisoryQuery(release, target.suites(), target.sources(),
                Set.copyOf(installed.values().stream().map(ArchivePackage::name).toList())));
        ScanResult result = new Matcher(db, dev.bulwark.scan.advisory.SecuritySupport.none()).scan(target, false);

        int total = 0;
        int withNone = 0;
        StringBuilder counts = new StringBuilder();
        for (String s : chosen) {
            Set<String> expected = expected(newer.get(s), installed.get(s).sourceVersion(), fetcher, archive);
            Set<String> reported = new TreeSet<>();
            for (Finding f : result.findings()) {
                if (f.pkg().source().equals(s)) {
                    reported.add(f.cve());
                    assertThat(f.fixAvailable()).as(s + " " + f.cve()).isTrue();
                }
            }
            assertThat(reported).as("CVEs of " + s + " since " + installed.get(s).sourceVersion()).isEqualTo(expected);
            total += expected.size();
            withNone += expected.isEmpty() ? 1 : 0;
            counts.append(String.format("  %-22s %-28s -> %-28s %3d CVEs (installed %s)%n", s, installed.get(s).sourceVersion(),
                    newer.get(s).get(0).sourceVersion(), expected.size(), installed.get(s).name()));
        }
        assertThat(result.noEvidence()).isEmpty();
        System.out.printf("ArchiveEvidenceIT %s: %d sources, %d CVEs reported, %d sources whose update names none%n%s",
                release, chosen.size(), total, withNone, counts);
        assertThat(total).isPositive();
    }

    /** Each source whose newest -security version is above its point-release version, with that version's binaries. */
    private static Map<String, List<ArchivePackage>> newerInSecurity(List<ArchivePackage> point, List<ArchivePackage> security) {
        Map<String, DebianVersion> pointVersion = new TreeMap<>();
        point.forEach(p -> pointVersion.merge(p.source(), p.sourceVersion(), (a, b) -> a.compareTo(b) >= 0 ? a : b));
        Map<String, List<ArchivePackage>> out = new TreeMap<>();
        Map<String, DebianVersion> newest = new TreeMap<>();
        security.forEach(p -> newest.merge(p.source(), p.sourceVersion(), (a, b) -> a.compareTo(b) >= 0 ? a : b));
        newest.forEach((s, v) -> {
            DebianVersion pv = pointVersion.get(s);
            if (pv != null && v.compareTo(pv) > 0) {
                out.put(s, security.stream().filter(p -> p.source().equals(s) && p.sourceVersion().compareTo(v) == 0)
                        .sorted(Comparator.comparingLong(ArchivePackage::size)).toList());
            }
        });
        return out;
    }

    /** apache2 and openjdk-17 when they qualify, then the sources with the smallest candidate binaries: eight in all. */
    private static List<String> choose(Map<String, List<ArchivePackage>> newer, List<ArchivePackage> point) {
        List<String> out = new ArrayList<>();
        for (String s : List.of("apache2", "openjdk-17", "openjdk-21")) {
            if (newer.containsKey(s)) {
                out.add(s);
            }
        }
        newer.entrySet().stream().filter(e -> !out.contains(e.getKey()))
                .filter(e -> point.stream().anyMatch(p -> p.source().equals(e.getKey()) && p.architecture().equals("amd64")))
                .sorted(Comparator.comparingLong(e -> e.getValue().stream().mapToLong(ArchivePackage::size).max().orElse(0)))
                .limit(8 - out.size()).forEach(e -> out.add(e.getKey()));
        return out;
    }

    private void writeRootfs(String release, java.util.Collection<ArchivePackage> pkgs, DebFetcher fetcher) throws Exception {
        Map<String, Path> paths = fetcher.fetch(wanted(pkgs), Progress.NONE).paths();
        StringBuilder status = new StringBuilder();
        for (ArchivePackage p : pkgs) {
            try (DebFile deb = DebFile.open(paths.get(p.sha256()), p.id())) {
                String control = deb.controlText().strip();
                status.append(control.replaceFirst("(?m)^(Package: .*)$", "$1\nStatus: install ok installed")).append("\n\n");
            }
        }
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.writeString(root.resolve("var/lib/dpkg/status"), status.toString());
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), "ID=debian\nVERSION_CODENAME=" + release + "\n");
    }

    private List<DebFetcher.Wanted> wanted(java.util.Collection<ArchivePackage> pkgs) {
        return pkgs.stream().map(p -> new DebFetcher.Wanted(p.id(), archiveRef.poolUri(p.suite(), p.filename()),
                p.size(), p.sha256())).toList();
    }

    private HttpArchive archiveRef;

    /**
     * The CVEs named above the installed version's entry (or its backport base), from the first candidate binary that
     * has a changelog file of its own — found by reading the binaries smallest first, without following symlinks.
     */
    private Set<String> expected(List<ArchivePackage> candidates, DebianVersion installed, DebFetcher fetcher,
                                 HttpArchive archive) throws Exception {
        for (ArchivePackage p : candidates) {
            if (p.size() > MAX_NAIVE_DEB) {
                continue;
            }
            Path deb = fetcher.fetch(wanted(List.of(p)), Progress.NONE).paths().get(p.sha256());
            String text = changelogText(deb, p);
            if (text != null) {
                return namedAbove(text, installed);
            }
        }
        throw new AssertionError("no candidate binary under 80 MB has a changelog: " + candidates);
    }

    private static String changelogText(Path deb, ArchivePackage p) throws Exception {
        String[] text = new String[1];
        try (DebFile file = DebFile.open(deb, p.id())) {
            file.readData((DataEntry e, InputStream in) -> {
                if (text[0] == null && e.type() == DataEntry.Type.FILE
                        && e.path().matches("/usr/share/doc/[^/]+/changelog\\.Debian\\.gz")) {
                    text[0] = new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
                }
            });
        }
        return text[0];
    }

    private static Set<String> namedAbove(String text, DebianVersion installed) {
        String base = installed.toString().replaceFirst("~(deb\\d+u\\d+|bpo\\d+\\+\\d+)$", "");
        Set<String> out = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.contains(") ")) {
                String v = line.substring(line.indexOf('(') + 1, line.indexOf(')'));
                DebianVersion parsed = parseOrNull(v);
                if (v.equals(installed.toString()) || v.equals(base) || (parsed != null && parsed.compareTo(installed) < 0)) {
                    break;
                }
                continue;
            }
            java.util.regex.Matcher m = CVE.matcher(line);
            while (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    private static DebianVersion parseOrNull(String v) {
        try {
            return DebianVersion.parse(v);
        } catch (dev.bulwark.debian.version.VersionParseException e) {
            return null;
        }
    }

    private static String hostRelease() throws Exception {
        Path osRelease = Path.of("/etc/os-release");
        String release = Files.isRegularFile(osRelease) ? OsRelease.parse(Files.readString(osRelease)).versionCodename() : "";
        if (release.isEmpty() || !Files.isDirectory(Path.of("/etc/apt"))) {
            unavailable("this host is not Debian (no VERSION_CODENAME in /etc/os-release or no /etc/apt)");
        }
        return release;
    }

    private static void unavailable(String why) {
        if (CI) {
            throw new AssertionError("the Debian archive is required on CI: " + why);
        }
        Assumptions.abort("Debian archive unreachable, skipping: " + why);
    }
}
