package dev.bulwark.catalog.watch;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.add.Attempt;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.plan.Decision;
import dev.bulwark.catalog.plan.PlanImage;
import dev.bulwark.catalog.plan.Planner;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecParser;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One watch cycle over the whole catalog: survey every image (archive, advisories, last decision), plan, then for
 * each decision in the planner's order (bases first) record it — one transaction — and carry out a rebuild. A rebuild
 * whose base was not republished has nothing new to build on; a failed one keeps the previous release and records
 * why. A cycle killed mid-rebuild leaves that decision pending, and the next cycle redoes it.
 */
public final class Watcher {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Catalog catalog;
    private final WatchStore store;
    private final Workshop workshop;
    private final Clock clock;
    private Dispatch dispatch;

    /** A watcher over {@code catalog}'s database, waiting up to {@code busyTimeout} for other writers. */
    public static Watcher open(Catalog catalog, Duration busyTimeout, Workshop workshop, Clock clock)
            throws CatalogException {
        return new Watcher(catalog, CatalogDatabase.open(catalog.location(), busyTimeout), workshop, clock);
    }

    public Watcher(Catalog catalog, CatalogDatabase db, Workshop workshop, Clock clock) {
        this.catalog = catalog;
        this.store = new WatchStore(db, clock);
        this.workshop = workshop;
        this.clock = clock;
    }

    /** Hands each rebuild decision to {@code dispatch} (the workers' queue) instead of carrying it out here. */
    public Watcher dispatchingTo(Dispatch dispatch) {
        this.dispatch = dispatch;
        return this;
    }

    /**
     * Whether two run ids are the same request's: equal, or two attempts {@code worker-ID-N} of one request — the job
     * engine revives an attempt only once it declared the earlier one dead, so that one's pending decision does not
     * stand in the way.
     */
    static boolean sameRequest(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        int i = a.lastIndexOf('-');
        int j = b.lastIndexOf('-');
        return a.startsWith("worker-") && b.startsWith("worker-") && i > 7 && j > 7
                && a.substring(0, i).equals(b.substring(0, j));
    }

    /**
     * Rebuilds one image now, for {@code reason}, without planning (a worker's job): recorded as a decision of run
     * {@code runId} like a planned one, with heartbeats. Refuses while another run (a watch cycle, an earlier
     * attempt) is rebuilding it. The build is {@code attempt}'s (may be null): it records the request, and moves
     * no tag and records nothing once the attempt has been taken over.
     */
    public WatchResult.Entry rebuildNow(String image, String reason, String runId, Attempt attempt,
            WatchRequest request, Progress progress) throws BulwarkException {
        CatalogImage found = catalog.find(image).orElseThrow(() -> new BulwarkException(Kind.BAD_INPUT,
                "cannot rebuild " + image + ": it is not in the catalog"));
        Context ctx = context(found, request.stagingDir());
        if (ctx.current() == null) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot rebuild " + image + ": it was never built; run "
                    + "'bulwark catalog add' once");
        }
        var last = store.lastDecision(image);
        Instant fresh = clock.instant().minus(Survey.STALE);
        if (last.isPresent() && last.get().outcome().equals("pending") && !sameRequest(last.get().runId(), runId)
                && last.get().heartbeatAt() != null && last.get().heartbeatAt().isAfter(fresh)) {
            throw new BulwarkException(Kind.ENVIRONMENT, "cannot rebuild " + image + " now: another run is rebuilding it ("
                    + "decided in " + last.get().runId() + "); retried later");
        }
        Decision d = new Decision(image, Decision.Action.REBUILD, Decision.Why.REQUESTED, reason, List.of(), null);
        return handle(runId, d, ctx, Map.of(), request, attempt, progress);
    }

    /** What one image's decision and rebuild work with. {@code current} is null before the first build. */
    record Context(CatalogImage image, Spec spec, Workshop.Tools tools, WatchStore.CurrentBuild current, Lockfile lock,
            String stateKey) {
    }

    public WatchResult once(WatchRequest request, Progress progress) throws BulwarkException {
        String runId = "watch-" + RUN_ID.format(clock.instant());
        List<CatalogImage> images = catalog.images();
        Map<String, String> bases = Bases.resolve(images);
        store.recordBases(bases);
        Map<String, CatalogImage> byName = new HashMap<>();
        images.forEach(i -> byName.put(i.name(), i));
        Survey survey = new Survey(store, clock, request, progress);
        Map<String, Context> contexts = new LinkedHashMap<>();
        List<PlanImage> planned = new ArrayList<>();
        List<WatchResult.Entry> entries = new ArrayList<>();
        for (CatalogImage image : images) {
            try {
                Context ctx = context(image, request.stagingDir());
                String base = bases.get(image.name());
                if (ctx.current() == null) {
                    planned.add(new PlanImage(image.name(), base, "", PlanImage.Policy.of(image.updatePolicy()), 0,
                            List.of(), null, null, null));
                    contexts.put(image.name(), ctx);
                    continue;
                }
                // A customization ships its base's packages too: a fix for any of them concerns it.
                Lockfile shipped = ctx.spec().isCustomization() ? BaseRelease.withBasePackages(catalog, base, ctx.lock())
                        : ctx.lock();
                Survey.Surveyed s = survey.survey(image, ctx.spec(), ctx.tools(), ctx.current(), shipped, base,
                        baseBuiltSince(base == null ? null : byName.get(base), ctx.current()));
                planned.add(s.image());
                contexts.put(image.name(), new Context(image, ctx.spec(), ctx.tools(), ctx.current(), ctx.lock(), s.stateKey()));
            } catch (Survey.InProgress busy) {
                // Not recorded: the other watcher's pending decision stays the last one, so a crash there is redone.
                entries.add(new WatchResult.Entry(new Decision(image.name(), Decision.Action.NO_REBUILD,
                        Decision.Why.IN_PROGRESS, "a rebuild decided in " + busy.decision.runId() + " is in progress in "
                        + "another watcher (" + busy.decision.reason() + ")", List.of(), null), "none", null, ""));
            } catch (BulwarkException e) {
                if (e.kind() == Kind.ENVIRONMENT) {
                    throw e; // an unreachable archive or catalog concerns every image: stop before deciding anything
                }
                entries.add(inputError(runId, image, e));
            }
        }
        long started = System.nanoTime();
        List<Decision> decisions = Planner.plan(planned, survey.candidates);
        Duration planning = Duration.ofNanos(System.nanoTime() - started);
        Map<String, String> outcomes = new HashMap<>();
        for (Decision d : decisions) {
            WatchResult.Entry e = handle(runId, d, contexts.get(d.image()), outcomes, request, null, progress);
            outcomes.put(d.image(), e.outcome());
            entries.add(e);
        }
        return new WatchResult(runId, survey.suites(), entries, planning);
    }

    private WatchResult.Entry handle(String runId, Decision d, Context ctx, Map<String, String> outcomes,
            WatchRequest request, Attempt attempt, Progress progress) throws CatalogException {
        Long buildId = ctx.current() == null ? null : ctx.current().id();
        long id = store.recordDecision(runId, d, buildId, ctx.stateKey() == null ? "" : ctx.stateKey());
        if (!d.rebuild()) {
            return new WatchResult.Entry(d, "none", null, "");
        }
        String base = d.cascadeFrom();
        if (base != null && outcomes.containsKey(base) && !outcomes.get(base).equals("published")) {
            String message = "its base " + base + " was not republished (" + outcomes.get(base) + "), so there is "
                    + "nothing new to build on; the previous release stays";
            store.finish(id, d.image(), WatchStore.Outcome.UNCHANGED, null, message, List.of());
            return new WatchResult.Entry(d, "unchanged", null, message);
        }
        if (dispatch != null && d.why() != Decision.Why.REQUESTED) {
            String message = dispatch.enqueue(d);
            store.finish(id, d.image(), WatchStore.Outcome.QUEUED, null, message, List.of());
            return new WatchResult.Entry(d, "queued", null, message);
        }
        Rebuild.Result r;
        java.util.concurrent.ScheduledExecutorService beats = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(task -> {
                    Thread t = new Thread(task, "bulwark-watch-heartbeat");
                    t.setDaemon(true);
                    return t;
                });
        try {
            long every = Survey.STALE.toMillis() / 4;
            beats.scheduleAtFixedRate(() -> heartbeat(id), every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
            r = new Rebuild(catalog, store, clock).run(ctx, d, request, attempt, progress);
        } finally {
            beats.shutdownNow();
        }
        store.finish(id, d.image(), r.outcome(), r.build(), r.message(), r.closed());
        return new WatchResult.Entry(d, r.outcome().label(), r.build(), r.message(),
                r.outcome() == WatchStore.Outcome.FAILED ? r.failure() : null);
    }

    private void heartbeat(long id) {
        try {
            store.heartbeat(id);
        } catch (CatalogException e) {
            // A missed beat only lets another watcher take the rebuild over after STALE; the next beat may succeed.
        }
    }

    private WatchResult.Entry inputError(String runId, CatalogImage image, BulwarkException e) throws CatalogException {
        Decision d = new Decision(image.name(), Decision.Action.NO_REBUILD, Decision.Why.INPUT_ERROR,
                "cannot survey it: " + e.getMessage(), List.of(), null);
        long id = store.recordDecision(runId, d, null, "");
        store.finish(id, image.name(), WatchStore.Outcome.FAILED, null, d.reason(), List.of());
        return new WatchResult.Entry(d, "failed", null, d.reason());
    }

    private Context context(CatalogImage image, Path stagingDir) throws BulwarkException {
        Spec spec = new SpecParser().parse(Path.of(image.definition().specPath()));
        Workshop.Tools tools = workshop.tools(spec);
        Optional<WatchStore.CurrentBuild> current = store.currentBuild(image.name());
        if (current.isEmpty()) {
            return new Context(image, spec, tools, null, null, null);
        }
        return new Context(image, spec, tools, current.get(), lock(image.name(), current.get(), stagingDir), null);
    }

    /** The current build's lock, as recorded (read through a file: the codec's one reader checks it). */
    private static Lockfile lock(String name, WatchStore.CurrentBuild current, Path stagingDir) throws BulwarkException {
        try {
            Files.createDirectories(stagingDir);
            Path temp = dev.bulwark.core.TempFiles.createFile(stagingDir, "recorded-lock");
            try {
                Files.writeString(temp, current.lockJson(), StandardCharsets.UTF_8);
                return LockfileCodec.read(temp);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new BulwarkException(Kind.ENVIRONMENT, "cannot read the recorded lock of " + name + " in " + stagingDir
                    + ": " + e.getMessage(), e);
        }
    }

    /** The base's build number when it is newer than the image's current build, else null. */
    private Integer baseBuiltSince(CatalogImage base, WatchStore.CurrentBuild current) throws CatalogException {
        if (base == null) {
            return null;
        }
        Optional<WatchStore.CurrentBuild> b = store.currentBuild(base.name());
        return b.isPresent() && b.get().startedAt().isAfter(current.startedAt()) ? b.get().number() : null;
    }
}
