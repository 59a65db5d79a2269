package dev.bulwark.builder.pipeline;

import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.assemble.ImageAssembler;
import dev.bulwark.builder.lock.Locker;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.spec.lock.Lockfile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A fetch of the locked packages that runs beside the assembly: each package's {@code .deb} can be waited for on its
 * own ({@link #await}), so its layer starts as soon as that file is in the cache (verified) instead of after the last
 * download. The fetch reports its progress as before; the assembly's progress is held back ({@link #after}) until
 * the fetch has ended, so the two never draw over each other. When the fetch fails, every wait for a file it did not
 * bring fails with the fetch's own report of all its failures.
 */
final class PendingFetch implements ImageAssembler.Debs {
    private final Map<String, CompletableFuture<Path>> files = new HashMap<>();
    private final CompletableFuture<DebFetcher.FetchResult> result = new CompletableFuture<>();
    private final Held held = new Held();
    private final Thread thread;

    private PendingFetch(Lockfile lock, Locker locker, Progress progress) {
        lock.archs().values().forEach(packages -> packages.forEach(p ->
                files.putIfAbsent(p.sha256(), new CompletableFuture<>())));
        thread = new Thread(() -> {
            DebFetcher.FetchResult fetched = null;
            Throwable failure = null;
            try {
                fetched = locker.fetch(lock, progress, (sha256, file) -> {
                    CompletableFuture<Path> f = files.get(sha256);
                    if (f != null) {
                        f.complete(file);
                    }
                });
            } catch (Throwable e) {
                failure = e;   // the build's thread reports it (result())
            }
            // The assembly's progress first, then the files the fetch did not bring, then the result: whoever waits
            // for the result finds every line drawn and every wait ended — even when drawing a line failed.
            try {
                held.release();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            } finally {
                files.values().forEach(f -> f.completeExceptionally(new NotFetched()));
                if (failure == null) {
                    result.complete(fetched);
                } else {
                    result.completeExceptionally(failure);
                }
            }
        }, "bulwark-fetch-all");
        thread.setDaemon(true);
    }

    /** Starts fetching what {@code lock} names and the cache lacks. */
    static PendingFetch start(Locker locker, Lockfile lock, Progress progress) {
        PendingFetch f = new PendingFetch(lock, locker, progress);
        f.thread.start();
        return f;
    }

    /** The verified file of the package with this SHA-256 once it is cached; null for a package the lock lacks. */
    @Override
    public Path await(String sha256) throws BulwarkException {
        CompletableFuture<Path> f = files.get(sha256);
        if (f == null) {
            return null;
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Abandoned) {
                throw new BuildException(Kind.ENVIRONMENT, "not assembled: another package failed first");
            }
            result();   // throws the fetch's own failure, which names every file that did not come
            throw new IllegalStateException("the fetch ended without the package of SHA-256 " + sha256);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException(Kind.ENVIRONMENT, "interrupted while waiting for a package download", e);
        }
    }

    @Override
    public CompletableFuture<?> arrival(String sha256) {
        CompletableFuture<Path> f = files.get(sha256);
        return f != null ? f.copy() : CompletableFuture.completedFuture(null);   // a copy: callers cannot complete it
    }

    /** The assembly failed: every wait for a file not yet here ends now (the downloads go on until {@link #stop}). */
    @Override
    public void abandon() {
        files.values().forEach(f -> f.completeExceptionally(new Abandoned()));
    }

    /** The whole fetch's result, once every download has ended. */
    DebFetcher.FetchResult result() throws BulwarkException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BulwarkException b) {
                throw b;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("cannot fetch packages", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException(Kind.ENVIRONMENT, "interrupted while waiting for package downloads", e);
        }
    }

    /** {@code progress} for work that starts during the fetch: held back until the fetch has ended. */
    Progress after(Progress progress) {
        held.target(progress);
        return held;
    }

    /** Whether the fetch still runs. */
    boolean running() {
        return thread.isAlive();
    }

    /**
     * Stops a fetch still running (the build failed elsewhere) and waits for its downloads to end: longer than the
     * fetch itself gives them ({@link DebFetcher#STOP_SECONDS}), and even when the build's thread was interrupted
     * (the interrupt stays set).
     */
    void stop() {
        if (!thread.isAlive()) {
            return;
        }
        thread.interrupt();
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DebFetcher.STOP_SECONDS + 5);
        try {
            while (thread.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedJoin(thread, left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Why a wait for a file ended without it: the fetch ended without bringing it. */
    private static final class NotFetched extends Exception {
        NotFetched() {
            super(null, null, false, false);
        }
    }

    /** Why a wait for a file ended without it: the assembly gave up. */
    private static final class Abandoned extends Exception {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    /** Holds every call until {@link #release()}, then replays them in order and passes later ones straight on. */
    private static final class Held implements Progress {
        private final List<Runnable> calls = new ArrayList<>();
        private Progress target = Progress.NONE;
        private boolean released;

        synchronized void target(Progress p) {
            target = p;
        }

        synchronized void release() {
            released = true;
            calls.forEach(Runnable::run);
            calls.clear();
        }

        private synchronized void call(Runnable r) {
            if (released) {
                r.run();
            } else {
                calls.add(r);
            }
        }

        @Override
        public void begin(String task, long total) {
            call(() -> target.begin(task, total));
        }

        @Override
        public void advance(long amount) {
            call(() -> target.advance(amount));
        }

        @Override
        public void end(String summary) {
            call(() -> target.end(summary));
        }

        @Override
        public void info(String line) {
            call(() -> target.info(line));
        }

        @Override
        public void detail(String line) {
            call(() -> target.detail(line));
        }
    }
}
