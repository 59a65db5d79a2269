package dev.bulwark.catalog.worker;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Progress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A build worker: runs rebuild jobs from the catalog's queue, {@code concurrency} at a time, through the job engine
 * (db-scheduler). It polls every {@code poll} (on PostgreSQL with {@code FOR UPDATE SKIP LOCKED}, so workers never
 * wait for each other), beats its heart for each running job every {@code heartbeat}, and revives the jobs of a
 * worker silent for four heartbeats (killed, or cut off): another attempt then takes over. An execution that ends
 * with a request for its image queued queues the image's job again at once; a sweep every 30 s queues the jobs of
 * requests whose enqueuer stopped halfway. Closing stops taking jobs and waits up to
 * {@code shutdownWait} for the running ones; a job still running then is revived by another worker.
 */
public final class Worker implements AutoCloseable {
    static final String SWEEP = "bulwark-rebuild-sweep";
    static final Duration SWEEP_EVERY = Duration.ofSeconds(30);
    /** A failed job runs again after 5 s, then 10 s, 20 s … but at least every 10 minutes. */
    static final Duration BACKOFF_FIRST = Duration.ofSeconds(5);
    static final Duration BACKOFF_MAX = Duration.ofMinutes(10);
    /** Dead after this many missed heartbeats (db-scheduler's smallest allowed). */
    public static final int MISSED_HEARTBEATS = 4;

    /** How a worker runs; {@code name} identifies it in the queue and the requests ("host-pid"). */
    public record Settings(int concurrency, Duration poll, Duration heartbeat, Duration shutdownWait, String name) {
        public Settings {
            Objects.requireNonNull(name, "name");
            if (concurrency < 1 || concurrency > 64) {
                throw new IllegalArgumentException("concurrency must be 1 to 64: " + concurrency);
            }
            if (poll.isNegative() || poll.isZero() || heartbeat.isNegative() || heartbeat.isZero()
                    || shutdownWait.isNegative()) {
                throw new IllegalArgumentException("poll and heartbeat must be positive, shutdownWait not negative");
            }
        }
    }

    private final Scheduler scheduler;
    private final JobStore store;
    private final EngineLog log;

    private Worker(Scheduler scheduler, JobStore store, EngineLog log) {
        this.scheduler = scheduler;
        this.store = store;
        this.log = log;
    }

    /** Starts a worker over {@code db}, carrying out jobs with {@code rebuilder}; progress lines go to {@code out}. */
    public static Worker start(CatalogDatabase db, Rebuilder rebuilder, Settings settings, Progress out, Clock clock) {
        EngineLog log = EngineLog.install(out);
        RebuildQueue queue = new RebuildQueue(db, clock);
        RebuildRun run = new RebuildRun(queue.store(), rebuilder, settings.name(), out);
        AtomicReference<Scheduler> self = new AtomicReference<>();
        CustomTask<Void> rebuild = Tasks.custom(RebuildQueue.TASK, Void.class)
                .onFailure(new CappedBackoff<>(BACKOFF_FIRST, 2.0, BACKOFF_MAX))
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    // The version the engine gave this execution when it picked the job fences its claims.
                    execute(run, instance.getId(), context.getExecution().version);
                    return (complete, operations) -> {
                        operations.remove();
                        followUp(queue.store(), self.get(), instance.getId(), out, clock);
                    };
                });
        RecurringTask<Void> sweep = Tasks.recurring(SWEEP, FixedDelay.of(SWEEP_EVERY))
                .execute((instance, context) -> sweep(queue, out));
        SchedulerBuilder b = Scheduler.create(db.jobSource(), rebuild)
                .startTasks(sweep)
                .jdbcCustomization(RebuildQueue.dialect(db))
                .threads(settings.concurrency())
                .pollingInterval(settings.poll())
                .heartbeatInterval(settings.heartbeat())
                .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                .shutdownMaxWait(settings.shutdownWait())
                .schedulerName(new SchedulerName.Fixed(settings.name()))
                .enableImmediateExecution();
        if (db.isPostgres()) {
            b.pollUsingLockAndFetch(0.5, 1.0);
        }
        Scheduler scheduler = b.build();
        self.set(scheduler);
        scheduler.start();
        return new Worker(scheduler, queue.store(), log);
    }

    /** True when no rebuild is queued or running anywhere (for {@code --drain}). */
    public boolean idle() throws CatalogException {
        return store.idle(RebuildQueue.TASK) && scheduler.getCurrentlyExecuting().isEmpty();
    }

    @Override
    public void close() {
        scheduler.stop();
        log.close();
    }

    private static void execute(RebuildRun run, String image, long version) {
        try {
            run.run(image, version);
        } catch (BulwarkException e) {
            throw new JobFailed(e); // the engine records the failure and retries the job later, with backoff
        }
    }

    /**
     * Once an execution's job is gone from the queue, queues {@code image}'s job again, due now, when a request for
     * it is queued: one recorded just as the execution ended (its enqueuer found the job still there, so queued none)
     * or left by the execution (at most {@code MAX_PER_EXECUTION} each). The job was removed first, so no two
     * executions of one image overlap, and a request recorded after the check finds no job and queues its own.
     * Scheduled through this worker's engine, so it starts at once rather than at the next poll; when the catalog
     * cannot be read, the sweep queues it.
     */
    private static void followUp(JobStore store, Scheduler scheduler, String image, Progress out, Clock clock) {
        try {
            if (store.queued(image)) {
                scheduler.scheduleIfNotExists(new TaskInstance<Void>(RebuildQueue.TASK, image), clock.instant());
            }
        } catch (CatalogException | RuntimeException e) {
            out.info("[" + image + "] cannot queue the job of its next request: " + e.getMessage() + "; the sweep "
                    + "queues it within " + SWEEP_EVERY.toSeconds() + " s");
        }
    }

    private static void sweep(RebuildQueue queue, Progress out) {
        try {
            for (String image : queue.store().orphans(RebuildQueue.TASK)) {
                if (queue.schedule(image)) {
                    out.info("[" + image + "] queued the job of a request whose enqueuer stopped before queueing it");
                }
            }
        } catch (CatalogException e) {
            out.info("cannot sweep the rebuild queue: " + e.getMessage() + "; trying again in "
                    + SWEEP_EVERY.toSeconds() + " s");
        }
    }

    /** An attempt that stopped for a reason outside the build; the job engine retries it. */
    static final class JobFailed extends RuntimeException {
        JobFailed(BulwarkException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
