package dev.bulwark.builder.lock;

import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.builder.BuildException;
import dev.bulwark.scan.ScanException;
import dev.bulwark.scan.advisory.AdvisoryDb;
import dev.bulwark.scan.advisory.AdvisoryQuery;
import dev.bulwark.scan.advisory.AdvisorySource;
import dev.bulwark.scan.advisory.ChangelogSource;
import dev.bulwark.scan.match.Outdated;
import dev.bulwark.scan.match.ScanTarget;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.Archive;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.version.VersionParseException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which packages of an image or a lock have newer versions in its suites, and which CVEs those fix: the tracker or
 * OSV sources given first, then the archive's changelogs (always consulted, so every update has evidence).
 */
public final class UpdateCheck {

    private final Archive archive;
    private final DebFetcher fetcher;
    private final Path cacheDir;
    private final Progress progress;

    public UpdateCheck(Archive archive, DebFetcher fetcher, Path cacheDir, Progress progress) {
        this.archive = archive;
        this.fetcher = fetcher;
        this.cacheDir = cacheDir;
        this.progress = progress;
    }

    /** The updates of {@code target} (one architecture) and the CVEs they fix. */
    public Outdated.Report report(ScanTarget target, List<String> components, List<AdvisorySource> before)
            throws ScanException {
        ChangelogSource changelogs = new ChangelogSource(archive, fetcher, components, target.architecture(), progress,
                cacheDir);
        List<AdvisorySource> sources = new ArrayList<>(before);
        sources.add(changelogs);
        java.util.Set<String> names = target.packages().stream().map(InstalledPackage::name).collect(Collectors.toSet());
        AdvisoryDb db = AdvisoryDb.load(sources, new AdvisoryQuery(target.release(), target.suites(), target.sources(),
                names));
        return Outdated.find(target, changelogs.newest(target.suites(), names), db);
    }

    /** One report per architecture of {@code lock} (or of {@code archs} when given). */
    public List<Outdated.Report> forLock(String name, Lockfile lock, List<String> archs, List<AdvisorySource> before)
            throws BuildException, ScanException {
        List<Outdated.Report> out = new ArrayList<>();
        for (String arch : archs.isEmpty() ? List.copyOf(lock.archs().keySet()) : archs) {
            if (!lock.archs().containsKey(arch)) {
                throw new BuildException(Kind.BAD_INPUT, "cannot check " + name + " for " + arch + ": the lock has archs "
                        + lock.archs().keySet());
            }
            List<String> components = lock.archs().get(arch).stream().map(p -> p.component() == null
                    || p.component().isEmpty() ? "main" : p.component()).distinct().sorted().toList();
            try {
                out.add(report(LockTargets.target(name, lock, arch), components, before));
            } catch (VersionParseException e) {
                throw new BuildException(Kind.BAD_INPUT, "cannot check " + name + ": the lock has a bad version: "
                        + e.getMessage(), e);
            }
        }
        return out;
    }
}
