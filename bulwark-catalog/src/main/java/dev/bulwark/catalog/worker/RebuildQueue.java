package dev.bulwark.catalog.worker;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.core.BulwarkException.Kind;
import java.time.Clock;
import java.util.Optional;

/**
 * Where rebuilds are queued for the workers (the API, {@code watch --enqueue}): the request is recorded in
 * {@code rebuild_requests} — merged into the image's open request when there is one — and the image's job is put in
 * the job engine's queue (db-scheduler's {@code scheduled_tasks}), whose instance id is the image's name, so an
 * image never has two jobs. A request recorded by an enqueuer that stopped before queueing its job is found by the
 * workers' sweep.
 */
public final class RebuildQueue {
    /** The job engine's name for a rebuild job; its instance id is the image's name. */
    public static final String TASK = "bulwark-rebuild";

    private final JobStore store;
    private final SchedulerClient client;
    private final Clock clock;

    public RebuildQueue(CatalogDatabase db, Clock clock) {
        this.store = new JobStore(db, clock);
        this.clock = clock;
        this.client = SchedulerClient.Builder.create(db.jobSource()).jdbcCustomization(dialect(db)).build();
    }

    public JobStore store() {
        return store;
    }

    /** Queues a rebuild of {@code image}; empty when it is not catalogued. {@code source}: api, watch or cli. */
    public Optional<JobStore.Enqueued> enqueue(String image, String reason, String requestedBy, String source)
            throws CatalogException {
        Optional<JobStore.Enqueued> r = store.request(image, reason, requestedBy, source);
        // Scheduled also when merged (a lost job). A job already there is either running — its execution queues
        // the job again when it ends and finds this request — or waiting out a backoff: it is due now.
        if (r.isPresent() && !schedule(image)) {
            hurry(image);
        }
        return r;
    }

    /**
     * A job waiting out its backoff (its last attempt failed) runs now: it was asked for again. A job picked since
     * the look at it runs already, and its execution takes the request (or queues the job again for it when it
     * ends); one removed since (its execution ended) is queued again, due now.
     */
    private void hurry(String image) throws CatalogException {
        TaskInstanceId id = TaskInstanceId.of(TASK, image);
        try {
            var job = client.getScheduledExecution(id);
            if (job.isPresent() && !job.get().isPicked() && job.get().getExecutionTime().isAfter(clock.instant())) {
                client.reschedule(id, clock.instant());
            }
        } catch (TaskInstanceCurrentlyExecutingException e) {
            return; // picked meanwhile: running now
        } catch (TaskInstanceNotFoundException e) {
            schedule(image);
        } catch (RuntimeException e) {
            throw new CatalogException(Kind.ENVIRONMENT, "cannot move the rebuild job of " + image + " to now: "
                    + e.getMessage() + "; the request is recorded, and its job takes it when its retry is due (in at "
                    + "most " + Worker.BACKOFF_MAX.toMinutes() + " minutes)", e);
        }
    }

    /** Puts {@code image}'s job in the engine's queue, due now, unless it has one; true when it was added. */
    boolean schedule(String image) throws CatalogException {
        try {
            return client.scheduleIfNotExists(new TaskInstance<Void>(TASK, image), clock.instant());
        } catch (RuntimeException e) {
            throw new CatalogException(Kind.ENVIRONMENT, "cannot queue the rebuild job of " + image + ": "
                    + e.getMessage() + "; the request is recorded, and a worker's sweep queues it once the catalog "
                    + "answers", e);
        }
    }

    /** The engine's SQL dialect: PostgreSQL's own (SKIP LOCKED polling), or Bulwark's for SQLite. */
    static JdbcCustomization dialect(CatalogDatabase db) {
        return db.isPostgres() ? new PostgreSqlJdbcCustomization(false, false) : new SqliteJobs();
    }
}
