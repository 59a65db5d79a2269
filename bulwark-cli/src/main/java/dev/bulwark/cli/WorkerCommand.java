package dev.bulwark.cli;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.watch.Intervals;
import dev.bulwark.catalog.worker.Worker;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.core.text.Escape;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code bulwark worker}: runs queued rebuilds from the catalog until stopped (or, with --drain, until none is left). */
@Command(name = "worker",
        footer = {"", "Examples:",
                "  bulwark worker --catalog postgresql://bulwark@db/catalog --concurrency 2",
                "  bulwark worker --drain --sign-key cosign.key",
                "  bulwark watch --enqueue --once --catalog postgresql://bulwark@db/catalog"},
        header = "Run queued rebuilds (from the API and watch --enqueue); many workers share a PostgreSQL queue.",
        mixinStandardHelpOptions = true,
        description = {"Takes rebuild jobs from the catalog's queue (db-scheduler's table in the catalog) and",
                "carries each out like 'watch' does for one image: re-lock, build, gates, evidence, signature,",
                "publication. An image has one job at a time, so it is never built twice at once. Start as many",
                "workers as the work needs, on one machine or many, against one PostgreSQL catalog: each polls",
                "with SKIP LOCKED, beats its heart for each running job, and takes over the jobs of a worker",
                "silent for four heartbeats (killed, or cut off); an attempt that finds its build already",
                "recorded finishes without building again. On SQLite, 'serve' runs a worker in-process.",
                "SIGTERM stops taking jobs and waits up to --shutdown-wait for the running ones. A catalog that",
                "cannot be reached is tried again with backoff. Progress goes to stderr and to each request's",
                "log (GET /api/v1/rebuilds/ID)."})
final class WorkerCommand implements Callable<Integer> {
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "1",
            description = "Jobs run at once by this worker (default: ${DEFAULT-VALUE}).")
    int concurrency;
    @Option(names = "--poll", paramLabel = "D", defaultValue = "5s",
            description = "How often to look for due jobs when idle (default: ${DEFAULT-VALUE}).")
    String poll;
    @Option(names = "--heartbeat", paramLabel = "D", defaultValue = "30s",
            description = "How often to say a running job is alive; a job silent for four is taken over "
                    + "(default: ${DEFAULT-VALUE}).")
    String heartbeat;
    @Option(names = "--shutdown-wait", paramLabel = "D", defaultValue = "10m",
            description = "On SIGTERM, how long to wait for running jobs (default: ${DEFAULT-VALUE}).")
    String shutdownWait;
    @Option(names = "--drain", description = "Exit once nothing is queued or running anywhere (for tests and CI).")
    boolean drain;
    @Option(names = "--name", paramLabel = "NAME", description = "This worker's name in the queue (default: HOST-PID).")
    String name;
    @Mixin
    CatalogOptions catalogOptions;
    @Mixin
    WorkerWiring wiring;
    @picocli.CommandLine.Spec
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException, InterruptedException {
        if (concurrency < 1 || concurrency > 64) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot run a worker with --concurrency " + concurrency
                    + ": give 1 to 64");
        }
        Worker.Settings settings = WorkerWiring.settings(concurrency, Intervals.parse(poll, "--poll"),
                Intervals.parse(heartbeat, "--heartbeat"), Intervals.parse(shutdownWait, "--shutdown-wait"), name);
        CatalogLocation location = catalogOptions.location();
        PrintWriter err = self.commandLine().getErr();
        Progress out = escaped(ConsoleProgress.standard(false));
        CountDownLatch stopped = new CountDownLatch(1);
        Worker[] running = new Worker[1];
        Thread hook = new Thread(() -> {
            stopped.countDown();
            synchronized (running) {
                if (running[0] != null) {
                    running[0].close();
                }
            }
        }, "bulwark-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Worker worker = open(location, settings, out, err, stopped);
        if (worker == null) {
            return 0; // stopped before the catalog answered
        }
        synchronized (running) {
            running[0] = worker;
        }
        err.println("bulwark worker " + Escape.text(settings.name()) + ": taking rebuild jobs from "
                + Escape.text(location.display()) + " (" + concurrency + " at a time"
                + (drain ? "; exits when the queue is empty" : "") + ")");
        err.flush();
        while (!stopped.await(settings.poll().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (drain && idle(worker, err)) {
                err.println("bulwark worker " + Escape.text(settings.name()) + ": the queue is empty; exiting");
                err.flush();
                Runtime.getRuntime().removeShutdownHook(hook);
                worker.close();
                return 0;
            }
        }
        return 0;
    }

    /** Opens the catalog and starts the worker, retrying with backoff while the catalog cannot be reached. */
    private Worker open(CatalogLocation location, Worker.Settings settings, Progress out, PrintWriter err,
            CountDownLatch stopped) throws CatalogException, InterruptedException {
        Duration wait = Duration.ofSeconds(1);
        while (true) {
            try {
                return wiring.start(location, settings, out);
            } catch (CatalogException e) {
                if (e.kind() != Kind.ENVIRONMENT) {
                    throw e;
                }
                err.println("bulwark worker: " + e.getMessage() + "; trying again in " + Intervals.human(wait));
                err.flush();
            }
            if (stopped.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return null;
            }
            wait = wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
        }
    }

    private static boolean idle(Worker worker, PrintWriter err) {
        try {
            return worker.idle();
        } catch (CatalogException e) {
            err.println("bulwark worker: " + e.getMessage() + "; looking again shortly");
            err.flush();
            return false;
        }
    }

    /** Progress lines from the archive and the build are escaped before they reach a terminal. */
    static Progress escaped(Progress console) {
        return new Progress() {
            @Override
            public void begin(String task, long total) {
                console.info(Escape.text(task));
            }

            @Override
            public void advance(long amount) {
            }

            @Override
            public void end(String summary) {
                console.info(Escape.text(summary));
            }

            @Override
            public void info(String line) {
                console.info(Escape.text(line));
            }
        };
    }
}
