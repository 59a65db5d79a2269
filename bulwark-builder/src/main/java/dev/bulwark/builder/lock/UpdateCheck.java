package dev.bulwark.builder.lock;

import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.Archive;
import dev.bulwark.debian.archive.ArchiveException;
import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.archive.PackageIndex;
import dev.bulwark.debian.archive.SuiteRelease;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.version.VersionParseException;
import dev.bulwark.scan.ScanException;
import dev.bulwark.scan.advisory.AdvisoryDb;
import dev.bulwark.scan.advisory.AdvisoryQuery;
import dev.bulwark.scan.advisory.AdvisorySource;
import dev.bulwark.scan.advisory.ChangelogSource;
import dev.bulwark.scan.match.Outdated;
import dev.bulwark.scan.match.ScanTarget;
import dev.bulwark.spec.lock.Lockfile;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
        Set<String> names = target.packages().stream().map(InstalledPackage::name).collect(Collectors.toSet());
        AdvisoryDb db = AdvisoryDb.load(sources, new AdvisoryQuery(target.release(), target.suites(), target.sources(),
                names));
        return Outdated.find(target, changelogs.newest(target.suites(), names), db);
    }

    /** One report per architecture of {@code lock} (or of {@code archs} when given). */
    public List<Outdated.Report> forLock(String name, Lockfile lock, List<String> archs, List<AdvisorySource> before)
            throws BuildException, ScanException {
        return forLock(name, lock, archs, before, false);
    }

    /**
     * Like {@link #forLock}, over only the suites that changed since the lock was made: what a build's stale-lock
     * warning asks, "would 'bulwark lock' now pick up CVE fixes?". A suite whose verified InRelease has the SHA-256
     * the lock recorded serves exactly what the resolver chose from, and the resolver is deterministic, so re-locking
     * against it gives the same packages: its (large) indexes are not read. A version the lock holds below the newest
     * (a pin, an exact dependency) is what re-locking would hold too, so it is not this warning's to report;
     * {@code outdated} reads every suite and names it. No report at all when no suite changed.
     */
    public List<Outdated.Report> sinceLock(String name, Lockfile lock, List<String> archs)
            throws BuildException, ScanException {
        // Each suite's InRelease is fetched and verified once for the comparison and the changelog reads after it.
        ReleasedOnce once = new ReleasedOnce(archive);
        once.prefetch(lock.suites().stream().map(Lockfile.LockedSuite::name).toList());
        return new UpdateCheck(once, fetcher, cacheDir, progress).forLock(name, lock, archs, List.of(), true);
    }

    /**
     * An archive that asks for each suite's InRelease once, for one check's lifetime. {@link #prefetch} asks for
     * several at once: each is a round trip to the mirror, and the check's first step needs them all.
     */
    static final class ReleasedOnce implements Archive {
        private final Archive archive;
        private final Map<String, CompletableFuture<SuiteRelease>>
                released = new HashMap<>();

        ReleasedOnce(Archive archive) {
            this.archive = archive;
        }

        /** Starts fetching the InRelease of each of {@code suites} not asked for yet, each on a thread of its own. */
        synchronized void prefetch(Collection<String> suites) {
            for (String suite : suites) {
                released.computeIfAbsent(suite, s -> {
                    var f = new CompletableFuture<SuiteRelease>();
                    Thread t = new Thread(() -> {
                        try {
                            f.complete(archive.release(s));
                        } catch (Throwable e) {
                            f.completeExceptionally(e);
                        }
                    }, "bulwark-inrelease");
                    t.setDaemon(true);   // a check given up on never holds the JVM
                    t.start();
                    return f;
                });
            }
        }

        @Override
        public SuiteRelease release(String suite) throws ArchiveException {
            CompletableFuture<SuiteRelease> f;
            boolean mine = false;
            synchronized (this) {
                f = released.get(suite);
                if (f == null) {
                    f = new CompletableFuture<>();
                    released.put(suite, f);
                    mine = true;
                }
            }
            if (mine) {
                // Fetched outside the lock: a caller waiting for another suite is not held up by this one.
                try {
                    f.complete(archive.release(suite));
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            }
            try {
                return f.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ArchiveException a) {
                    throw a;
                }
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ArchiveException(Kind.ENVIRONMENT,
                        "interrupted while fetching the InRelease of " + suite, e);
            }
        }

        @Override
        public InputStream openPackages(SuiteRelease release, String component,
                String arch) throws ArchiveException {
            return archive.openPackages(release, component, arch);
        }

        @Override
        public List<ArchivePackage> packages(SuiteRelease release,
                String component, String arch) throws ArchiveException {
            return archive.packages(release, component, arch); // the archive's own, which keeps parsed indexes
        }

        @Override
        public List<ArchivePackage> packages(SuiteRelease release, String component, String arch,
                dev.bulwark.debian.archive.PackagesIndexReader.Wanted wanted) throws ArchiveException {
            return archive.packages(release, component, arch, wanted);
        }

        @Override
        public PackageIndex index(SuiteRelease release,
                String component, String arch) throws ArchiveException {
            return archive.index(release, component, arch);
        }

        @Override
        public java.net.URI poolUri(String suite, String filename) {
            return archive.poolUri(suite, filename);
        }
    }

    private List<Outdated.Report> forLock(String name, Lockfile lock, List<String> archs, List<AdvisorySource> before,
            boolean changedOnly) throws BuildException, ScanException {
        Set<String> unchanged = changedOnly ? unchangedSuites(lock) : Set.of();
        List<Outdated.Report> out = new ArrayList<>();
        for (String arch : archs.isEmpty() ? List.copyOf(lock.archs().keySet()) : archs) {
            if (!lock.archs().containsKey(arch)) {
                throw new BuildException(Kind.BAD_INPUT, "cannot check " + name + " for " + arch + ": the lock has archs "
                        + lock.archs().keySet());
            }
            List<String> components = lock.archs().get(arch).stream().map(p -> p.component() == null
                    || p.component().isEmpty() ? "main" : p.component()).distinct().sorted().toList();
            try {
                ScanTarget target = LockTargets.target(name, lock, arch);
                if (!unchanged.isEmpty()) {
                    List<String> changed = target.suites().stream().filter(s -> !unchanged.contains(s)).toList();
                    if (changed.isEmpty()) {
                        continue;
                    }
                    target = new ScanTarget(target.name(), target.digest(), target.osRelease(), target.release(),
                            changed, target.packages(), target.components());
                }
                out.add(report(target, components, before));
            } catch (VersionParseException e) {
                throw new BuildException(Kind.BAD_INPUT, "cannot check " + name + ": the lock has a bad version: "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The lock's suites whose InRelease the archive still serves byte for byte (signature-checked on fetch). */
    private Set<String> unchangedSuites(Lockfile lock) throws ScanException {
        Set<String> out = new HashSet<>();
        for (Lockfile.LockedSuite suite : lock.suites()) {
            if (suite.inReleaseSha256() == null || suite.inReleaseSha256().isEmpty()) {
                continue;
            }
            try {
                if (suite.inReleaseSha256().equals(archive.release(suite.name()).inReleaseSha256())) {
                    out.add(suite.name());
                }
            } catch (ArchiveException e) {
                throw new ScanException(e.kind(), "cannot check " + lock.specName() + "'s suites: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
