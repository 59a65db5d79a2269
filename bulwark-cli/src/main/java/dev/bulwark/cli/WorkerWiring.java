package dev.bulwark.cli;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.catalog.watch.Dispatch;
import dev.bulwark.catalog.watch.Watcher;
import dev.bulwark.catalog.worker.RebuildQueue;
import dev.bulwark.catalog.worker.Rebuilder;
import dev.bulwark.catalog.worker.Worker;
import dev.bulwark.core.Progress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a worker needs to carry out rebuilds, as options: the same archive, key and registry options as
 * {@code watch}, wired the same way (each rebuild is {@code watch}'s flow for one image). Shared by {@code worker}
 * and the worker {@code serve} runs in-process.
 */
final class WorkerWiring {
    @Option(names = "--sign-key", paramLabel = "KEY", description = "Sign rebuilt images with this private key "
            + "(cosign or PKCS#8 PEM; password from COSIGN_PASSWORD).")
    Path signKey;
    @Option(names = "--no-sbom", description = "Do not attach the unsigned SBOMs and provenance to unsigned outputs.")
    boolean noSbom;
    @Mixin
    ArchiveOptions archiveOptions;
    @Mixin
    RegistryOptionsMixin registryOptions;

    /**
     * Carries out one job with {@code watch}'s wiring. Each worker thread has its own watcher (and so its own
     * archive and builder): jobs run side by side share nothing in memory.
     */
    Rebuilder rebuilder(Catalog catalog) {
        WatchCommand watch = new WatchCommand();
        watch.signKey = signKey;
        watch.noSbom = noSbom;
        watch.archiveOptions = archiveOptions;
        watch.registryOptions = registryOptions;
        ThreadLocal<Watcher> watchers = new ThreadLocal<>();
        return (job, runId, attempt, progress) -> {
            Watcher watcher = watchers.get();
            if (watcher == null) {
                watcher = Watcher.open(catalog, CatalogOptions.DEFAULT_TIMEOUT, watch.workshop(
                        registryOptions.toOptions(ConsoleProgress.standard(true))), Clock.systemUTC());
                watchers.set(watcher);
            }
            ConsoleProgress quiet = ConsoleProgress.standard(true);
            return watcher.rebuildNow(job.image(), job.reason(), runId, attempt, watch.request(quiet), progress);
        };
    }

    /** Starts a worker over the catalog at {@code location}. */
    Worker start(CatalogLocation location, Worker.Settings settings, Progress out) throws CatalogException {
        CatalogDatabase db = CatalogDatabase.open(location, CatalogOptions.timeout());
        Catalog catalog = new Catalog(db, Clock.systemUTC());
        return Worker.start(db, rebuilder(catalog), settings, out, Clock.systemUTC());
    }

    /** {@code watch --enqueue}: each rebuild decision becomes a request in the workers' queue. */
    static Dispatch dispatch(Catalog catalog) throws CatalogException {
        RebuildQueue queue = new RebuildQueue(CatalogDatabase.open(catalog.location(), CatalogOptions.timeout()),
                Clock.systemUTC());
        return d -> {
            var e = queue.enqueue(d.image(), d.reason(), "watch", "watch").orElseThrow(() -> new CatalogException(
                    dev.bulwark.core.BulwarkException.Kind.BAD_INPUT, "cannot queue a rebuild of " + d.image()
                    + ": it left the catalog"));
            return e.merged() ? "merged into rebuild request " + e.job().id() + " (" + e.job().state() + ")"
                    : "queued as rebuild request " + e.job().id();
        };
    }

    /** {@code HOST-PID}: unique among the workers of one catalog. */
    static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "worker";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    static Worker.Settings settings(int concurrency, Duration poll, Duration heartbeat, Duration shutdownWait,
            String name) {
        return new Worker.Settings(concurrency, poll, heartbeat, shutdownWait, name == null ? defaultName() : name);
    }
}
