package dev.bulwark.catalog.worker;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.add.Attempt;
import dev.bulwark.catalog.watch.WatchResult;
import dev.bulwark.catalog.watch.WatchStore;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;

/**
 * One execution of an image's rebuild job: takes the image's open request, and — unless an earlier attempt already
 * recorded its build (a worker killed after publishing, before saying so) — carries it out and records how it
 * ended. A request merged or queued meanwhile is taken next, in the same execution — unless the attempt was taken
 * over (the execution was thought dead, and the image's job is another worker's now). A failure of the environment
 * (the catalog, registry or mirror — before or during the build — or another run rebuilding the image) puts the
 * request back and fails the execution, which the job engine retries later with backoff; a failed build or gate is
 * an outcome, recorded, and not retried.
 */
final class RebuildRun {
    /** Requests taken by one execution at most: an image asked for again and again still yields the thread. */
    private static final int MAX_PER_EXECUTION = 5;
    /** The outcome of an attempt the fence stopped ({@code WatchStore.Outcome.TAKEN_OVER}). */
    private static final String TAKEN_OVER = WatchStore.Outcome.TAKEN_OVER.label();

    private final JobStore store;
    private final Rebuilder rebuilder;
    private final String worker;
    private final Progress out;

    RebuildRun(JobStore store, Rebuilder rebuilder, String worker, Progress out) {
        this.store = store;
        this.rebuilder = rebuilder;
        this.worker = worker;
        this.out = out;
    }

    /** The watch run ids of request {@code id}'s attempts start so ({@code worker-ID-ATTEMPT}). */
    static String runIdPrefix(long id) {
        return "worker-" + id + "-";
    }

    /** Runs {@code image}'s open requests outside the job engine (no job to hold: tests); how many it finished. */
    int run(String image) throws BulwarkException {
        return run(image, null);
    }

    /**
     * Runs {@code image}'s open requests for the engine's execution of its job picked at {@code version} (null:
     * none), claiming each only while the job is still picked at that version ({@link JobStore#claim}); returns
     * how many it finished.
     */
    int run(String image, Long version) throws BulwarkException {
        int done = 0;
        while (done < MAX_PER_EXECUTION) {
            var claimed = store.claim(image, worker, version);
            if (claimed.isEmpty()) {
                return done;
            }
            boolean owned = once(claimed.get());
            done++;
            if (!owned) {
                // Taken over: this execution was thought dead and the image's job is another's now. Its next claim
                // would take that attempt's running request away from it.
                return done;
            }
        }
        return done;
    }

    /** Carries out one attempt; false when another attempt took the request over meanwhile. */
    private boolean once(JobStore.Claimed claimed) throws BulwarkException {
        RebuildJob job = claimed.job();
        JobProgress progress = new JobProgress(store, job.id(), claimed.attempt(), worker, job.image(), out);
        if (claimed.recorded() != null) {
            String message = "build " + claimed.recorded() + " was recorded by an earlier attempt, which stopped before "
                    + "it could say so; not built again";
            progress.info(message);
            return ended(job, store.finish(job.id(), job.attempts(), worker, "done", "published", claimed.recorded(),
                    message), null);
        }
        Attempt attempt = new Attempt(job.id(), "attempt " + job.attempts() + " on " + worker,
                store.owner(job.id(), job.attempts(), worker));
        progress.info("attempt " + job.attempts() + " on " + worker + ": rebuilding " + job.image() + " (" + job.reason()
                + ")");
        WatchResult.Entry entry;
        try {
            entry = rebuilder.rebuild(job, runIdPrefix(job.id()) + job.attempts(), attempt, progress);
        } catch (Attempt.TakenOver e) {
            return ended(job, false, e.stage());
        } catch (BulwarkException e) {
            if (e.kind() == Kind.ENVIRONMENT) {
                requeue(job, e);
                throw e;
            }
            progress.info("failed: " + e.getMessage());
            return ended(job, store.finish(job.id(), job.attempts(), worker, "failed", "failed", null, e.getMessage()),
                    null);
        } catch (RuntimeException e) {
            requeue(job, e);
            throw e;
        }
        if (entry.failure() == Kind.ENVIRONMENT) { // the registry, mirror or catalog failed, not the build: retried
            BulwarkException e = new BulwarkException(Kind.ENVIRONMENT, entry.message());
            progress.info("stopped: " + entry.message() + "; retried later");
            requeue(job, e);
            throw e;
        }
        if (entry.outcome().equals(TAKEN_OVER)) { // the fence stopped its build: the message says where
            return ended(job, false, entry.message());
        }
        String state = entry.outcome().equals("failed") ? "failed" : "done";
        progress.info(entry.outcome() + ": " + entry.message());
        return ended(job, store.finish(job.id(), job.attempts(), worker, state, entry.outcome(), entry.build(),
                entry.message()), null);
    }

    /**
     * Says so when the attempt's result was dropped (returning false): another attempt took the request over
     * meanwhile. The worker's output and the request's log say it — with {@code stage}, where the fence stopped its
     * build ({@link Attempt.TakenOver#stage}; null: it was not stopped, its result came too late); the log line is
     * not worth failing for.
     */
    private boolean ended(RebuildJob job, boolean recorded, String stage) throws CatalogException {
        if (recorded) {
            return true;
        }
        String by = store.get(job.id()).map(j -> j.worker() + " (attempt " + j.attempts() + ")")
                .orElse("another worker");
        String what = " was taken over by " + by + (stage == null ? "" : " " + stage) + "; its result is dropped";
        out.info("[" + job.image() + "] attempt " + job.attempts() + " of request " + job.id() + what);
        try {
            store.note(job.id(), "attempt " + job.attempts() + " on " + worker + what);
        } catch (CatalogException e) {
            out.info("[" + job.image() + "] cannot write that to the request's log: " + e.getMessage());
        }
        return false;
    }

    private void requeue(RebuildJob job, Exception e) {
        try {
            ended(job, store.requeue(job.id(), job.attempts(), worker, "attempt " + job.attempts() + " stopped: "
                    + e.getMessage() + "; retried later"), null);
        } catch (CatalogException again) {
            e.addSuppressed(again); // the catalog is down: the request stays running until an attempt succeeds
        }
    }
}
