package dev.bulwark.catalog.watch;

import dev.bulwark.builder.lock.UpdateCheck;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.plan.Candidate;
import dev.bulwark.catalog.plan.Installed;
import dev.bulwark.catalog.plan.PlanImage;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Progress;
import dev.bulwark.core.Sha256;
import dev.bulwark.debian.archive.SuiteRelease;
import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import dev.bulwark.scan.match.Outdated;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.lock.Lockfile;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads what the planner decides on, for one image: its suites' InRelease (a conditional GET each, once per cycle;
 * the archive re-reads only indexes whose hash changed), the state key of everything the decision depends on, the
 * last decision (settled or interrupted), and — only when something changed — the candidates and the CVEs they fix,
 * from the advisory sources and the archive's changelogs.
 */
final class Survey {
    private final WatchStore store;
    private final Clock clock;
    private final WatchRequest request;
    private final Progress progress;
    private final Map<String, SuiteRelease> releases = new LinkedHashMap<>();
    private final Map<String, Boolean> changed = new TreeMap<>();
    final Map<String, Map<String, Candidate>> candidates = new HashMap<>();

    Survey(WatchStore store, Clock clock, WatchRequest request, Progress progress) {
        this.store = store;
        this.clock = clock;
        this.request = request;
        this.progress = progress;
    }

    /** The InReleases read in this cycle and whether each was new to the watcher. */
    List<WatchResult.SuiteSeen> suites() {
        List<WatchResult.SuiteSeen> out = new ArrayList<>();
        releases.forEach((s, r) -> out.add(new WatchResult.SuiteSeen(s, r.inReleaseSha256(), changed.get(s))));
        return out;
    }

    /** The planner's view of one built image and the key of its state. */
    record Surveyed(PlanImage image, String stateKey) {
    }

    Surveyed survey(CatalogImage image, Spec spec, Workshop.Tools tools, WatchStore.CurrentBuild current,
            Lockfile lock, String base, Integer baseBuiltSince) throws BulwarkException, InProgress {
        StringBuilder state = new StringBuilder(spec.name()).append(' ').append(lock.specSha256())
                .append(' ').append(current.id()).append(' ').append(image.updatePolicy()).append(' ')
                .append(baseBuiltSince).append(' ').append(request.advisoryState());
        for (Lockfile.LockedSuite s : lock.suites()) {
            state.append(' ').append(s.name()).append('=').append(release(tools, s.name()).inReleaseSha256());
        }
        state.append(' ').append(specBytesKey(spec));
        String key = Sha256.key(state.toString(), "watch-state-v1");
        var last = store.lastDecision(image.name());
        if (last.isPresent() && last.get().outcome().equals("pending") && alive(last.get())) {
            throw new InProgress(last.get());
        }
        String interrupted = last.filter(d -> d.outcome().equals("pending"))
                .map(d -> "decided in " + d.runId() + ": " + d.reason()).orElse(null);
        String settled = last.filter(d -> interrupted == null && !d.outcome().equals("failed")
                && !d.outcome().equals("taken-over")
                && d.stateKey().equals(key) && Long.valueOf(current.id()).equals(d.buildId()))
                .map(WatchStore.LastDecision::conclusion)
                .orElse(null);
        String distribution = lock.distribution() == null || lock.distribution().isEmpty() ? String.valueOf(spec.distribution())
                : lock.distribution();
        if (settled == null) {
            List<Outdated.Report> reports = new UpdateCheck(tools.archive(), tools.fetcher(), tools.cacheDir(), progress)
                    .forLock(image.name(), lock, List.of(), request.advisories());
            merge(distribution, reports);
        }
        PlanImage planned = new PlanImage(image.name(), base, distribution, PlanImage.Policy.of(image.updatePolicy()),
                current.number(), installed(lock), baseBuiltSince, settled, interrupted);
        return new Surveyed(planned, key);
    }

    /** How long a pending rebuild's watcher may stay silent before its rebuild counts as interrupted. */
    static final java.time.Duration STALE = java.time.Duration.ofSeconds(90);

    /** Another watcher is carrying out a rebuild of this image (its heartbeat is recent): leave it alone. */
    static final class InProgress extends Exception {
        final WatchStore.LastDecision decision;

        InProgress(WatchStore.LastDecision decision) {
            super(null, null, false, false);
            this.decision = decision;
        }
    }

    private boolean alive(WatchStore.LastDecision d) {
        return d.heartbeatAt() != null && d.heartbeatAt().isAfter(clock.instant().minus(STALE));
    }

    /** The spec's bytes: an edited spec is a changed input. */
    private static String specBytesKey(Spec spec) throws BulwarkException {
        try {
            return Sha256.hex(spec.file());
        } catch (java.io.IOException e) {
            throw new BulwarkException(BulwarkException.Kind.BAD_INPUT, "cannot read spec " + spec.file() + ": "
                    + e.getMessage(), e);
        }
    }

    private SuiteRelease release(Workshop.Tools tools, String suite) throws BulwarkException {
        SuiteRelease r = releases.get(suite);
        if (r == null) {
            r = tools.archive().release(suite);
            changed.put(suite, store.seeRelease(suite, r.inReleaseSha256(), r.release().date()));
            releases.put(suite, r);
        }
        return r;
    }

    private void merge(String distribution, List<Outdated.Report> reports) throws BulwarkException {
        Map<String, Instant> offered = new HashMap<>();
        for (Outdated.Report r : reports) {
            for (Outdated.Update u : r.updates()) {
                SuiteRelease served = releases.get(u.suite());
                Instant date = served == null || served.release().date() == null ? clock.instant() : served.release().date();
                offered.put(seenKey(u), date.isAfter(clock.instant()) ? clock.instant() : date);
            }
        }
        Map<String, Instant> seen = offered.isEmpty() ? Map.of() : store.seeCandidates(offered);
        Map<String, Candidate> into = candidates.computeIfAbsent(distribution, d -> new HashMap<>());
        for (Outdated.Report r : reports) {
            for (Outdated.Update u : r.updates()) {
                List<Candidate.Fix> fixes = new ArrayList<>();
                for (Outdated.Fix f : u.fixes()) {
                    fixes.add(new Candidate.Fix(f.cve(), f.severity().word(), f.fixedVersion(), f.origin()));
                }
                DebianVersion source = u.newerSource() != null ? u.newerSource() : u.newer();
                Candidate c = new Candidate(u.pkg().name(), u.pkg().architecture(), u.newer(), source, u.suite(),
                        seen.get(seenKey(u)), fixes);
                into.merge(c.key(), c, Survey::union);
            }
        }
    }

    private static String seenKey(Outdated.Update u) {
        return u.suite() + " " + u.pkg().name() + " " + u.pkg().architecture() + " " + u.newer();
    }

    /** The newer of two candidates for one package, with every fix either names (each image saw its own range). */
    private static Candidate union(Candidate a, Candidate b) {
        int cmp = a.version().compareTo(b.version());
        Candidate keep = cmp >= 0 ? a : b;
        Map<String, Candidate.Fix> fixes = new TreeMap<>();
        for (Candidate.Fix f : a.fixes()) {
            fixes.put(f.cve() + " " + f.fixedVersion(), f);
        }
        for (Candidate.Fix f : b.fixes()) {
            fixes.putIfAbsent(f.cve() + " " + f.fixedVersion(), f);
        }
        return new Candidate(keep.name(), keep.architecture(), keep.version(), keep.sourceVersion(), keep.suite(),
                keep.seenAt(), List.copyOf(fixes.values()));
    }

    static List<Installed> installed(Lockfile lock) throws BulwarkException {
        List<Installed> out = new ArrayList<>();
        try {
            for (Map.Entry<String, List<Lockfile.LockedPackage>> e : lock.archs().entrySet()) {
                for (Lockfile.LockedPackage p : e.getValue()) {
                    out.add(new Installed(e.getKey(), p.name(), p.architecture(), DebianVersion.parse(p.version()),
                            p.source() == null || p.source().isEmpty() ? p.name() : p.source(),
                            DebianVersion.parse(p.sourceVersion() == null || p.sourceVersion().isEmpty() ? p.version()
                                    : p.sourceVersion())));
                }
            }
        } catch (VersionParseException e) {
            throw new BulwarkException(BulwarkException.Kind.BAD_INPUT, "cannot plan " + lock.specName()
                    + ": its lock has a bad version: " + e.getMessage(), e);
        }
        return out;
    }
}
