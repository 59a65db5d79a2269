package dev.bulwark.debian.fetch;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.ArchiveException;
import dev.bulwark.debian.archive.HttpTransport;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Downloads {@code .deb}s into the {@link DebCache} in parallel; each is verified before it enters the cache. */
public final class DebFetcher {

    /** One file to fetch: where from, and what the lock or index promises about it. */
    public record Wanted(String label, URI uri, long size, String sha256) {
    }

    /** What a fetch did: how many files and bytes came from the network and how many were cached already. */
    public record FetchResult(int downloaded, long downloadedBytes, int cached, Map<String, Path> paths) {
    }

    /** How long a stopped fetch waits for a transfer that ignores its interrupt. */
    public static final long STOP_SECONDS = 30;

    private final HttpTransport transport;
    private final DebCache cache;
    private final int parallelism;

    public DebFetcher(HttpTransport transport, DebCache cache, int parallelism) {
        this.transport = transport;
        this.cache = cache;
        this.parallelism = Math.max(1, parallelism);
    }

    /**
     * Fetches every wanted file not cached yet. When some fail, the others are still awaited and a
     * {@link FetchException} carries the files that did arrive and every failure.
     */
    public FetchResult fetch(List<Wanted> wanted, Progress progress) throws ArchiveException {
        return fetch(wanted, progress, (sha256, file) -> { });
    }

    /**
     * As {@link #fetch(List, Progress)}, telling {@code arrived} the SHA-256 and cached path of each file as soon as it
     * is in the cache (verified): the cached ones first, then each download as it ends, from the downloading threads;
     * a consumer can start on a file before the others are fetched.
     */
    public FetchResult fetch(List<Wanted> wanted, Progress progress,
            java.util.function.BiConsumer<String, Path> arrived) throws ArchiveException {
        Map<String, Wanted> unique = new LinkedHashMap<>();
        wanted.forEach(w -> unique.putIfAbsent(w.sha256(), w));
        List<Wanted> missing = new ArrayList<>();
        Map<String, Path> paths = new LinkedHashMap<>();
        for (Wanted w : unique.values()) {
            paths.put(w.sha256(), cache.path(w.sha256()));
            if (!cache.use(w.sha256(), w.size())) {
                missing.add(w);
            } else {
                arrived.accept(w.sha256(), cache.path(w.sha256()));
            }
        }
        long bytes = missing.stream().mapToLong(Wanted::size).sum();
        if (missing.isEmpty()) {
            return new FetchResult(0, 0, unique.size(), paths);
        }
        progress.begin("Fetching " + missing.size() + " packages", bytes);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, missing.size()), r -> {
            Thread t = new Thread(r, "bulwark-fetch");
            t.setDaemon(true);
            return t;
        });
        List<ArchiveException> failures = new ArrayList<>();
        int fetched = 0;
        long fetchedBytes = 0;
        try {
            // Largest first, so the biggest file does not start last and hold up the whole fetch.
            missing.sort(java.util.Comparator.comparingLong(Wanted::size).reversed().thenComparing(Wanted::sha256));
            List<Future<?>> futures = new ArrayList<>();
            for (Wanted w : missing) {
                futures.add(pool.submit(() -> {
                    transport.get(w.uri(), cache.path(w.sha256()), new HttpTransport.Expect(w.size(), w.sha256()),
                            null, null, progress::advance);
                    arrived.accept(w.sha256(), cache.path(w.sha256()));
                    return null;
                }));
            }
            // Wait for every download, even after a failure, so no thread still writes into the cache when we return.
            for (int i = 0; i < futures.size(); i++) {
                try {
                    await(futures.get(i));
                    fetched++;
                    fetchedBytes += missing.get(i).size();
                } catch (ArchiveException e) {
                    failures.add(e);
                    paths.remove(missing.get(i).sha256());
                }
            }
        } finally {
            stop(pool);
        }
        if (!failures.isEmpty()) {
            throw new FetchException(failures, new FetchResult(fetched, fetchedBytes,
                    unique.size() - missing.size(), paths));
        }
        progress.end("fetched " + missing.size() + " packages, " + bytes + " bytes");
        return new FetchResult(missing.size(), bytes, unique.size() - missing.size(), paths);
    }

    /**
     * Ends the downloads (interrupted, when the fetch itself was) and waits for every thread to stop, so none still
     * writes into the cache when the fetch returns (a download cleans up its temp file when interrupted); an
     * interrupt stays set for the caller. A transfer that ignores the interrupt is given {@value #STOP_SECONDS} s.
     */
    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_SECONDS);
        try {
            while (true) {
                try {
                    pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return;
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

    private static void await(Future<?> f) throws ArchiveException {
        try {
            f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ArchiveException ae) {
                throw ae;
            }
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch packages: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch packages: interrupted", e);
        }
    }
}
