package dev.bulwark.builder.pipeline;

import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.oci.image.Image;
import dev.bulwark.policy.gate.Gate;
import dev.bulwark.spec.lock.Lockfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What one build has so far, shared by its {@link BuildStep}s: the request, the outputs opened once, the lock, the
 * fetched packages, the images, the gate results and what was published. Each step sets what it made; a getter for
 * something no step has made yet is a programming error. Closing it stops the worker pool and removes the work
 * directory.
 */
final class BuildContext implements AutoCloseable {
    private final BuildRequest request;
    private final Progress progress;
    private final Path cacheDir;
    private Path workDir;
    private ExecutorService pool;
    private List<BuildOutput> outputs;
    private Lockfile lock;
    private boolean lockWritten;
    private DebFetcher.FetchResult fetch;
    private PendingFetch pendingFetch;
    private Map<String, Image> images;
    private Map<String, String> indexAnnotations;
    private List<Gate.Result> gateResults = List.of();
    private final List<BuildResult.Output> results = new ArrayList<>();

    BuildContext(BuildRequest request, Progress progress, Path cacheDir) {
        this.request = Objects.requireNonNull(request, "request");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    }

    BuildRequest request() {
        return request;
    }

    Progress progress() {
        return progress;
    }

    /** Where built layers and evidence are kept for the next build. */
    Path cacheDir() {
        return cacheDir;
    }

    /** A fresh directory under {@code cacheDir/tmp} for spool and layer files, made on first use. */
    Path workDir() throws BuildException {
        if (workDir == null) {
            Path parent = cacheDir.resolve("tmp");
            try {
                workDir = dev.bulwark.core.TempFiles.createDirectory(parent, "build");
            } catch (IOException e) {
                throw new BuildException(Kind.ENVIRONMENT, "cannot create a work directory in " + parent + ": "
                        + e.getMessage(), e);
            }
        }
        return workDir;
    }

    /** Threads that read packages and write layers in parallel; each layer's compressor has threads of its own. */
    ExecutorService pool() {
        if (pool == null) {
            int jobs = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
            pool = Executors.newFixedThreadPool(jobs, r -> {
                Thread t = new Thread(r, "bulwark-builder");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    List<BuildOutput> outputs() {
        return made(outputs, "outputs");
    }

    void outputs(List<BuildOutput> opened) {
        outputs = List.copyOf(opened);
    }

    Lockfile lock() {
        return made(lock, "lock");
    }

    boolean lockWritten() {
        return lockWritten;
    }

    void lock(Lockfile l, boolean written) {
        lock = Objects.requireNonNull(l, "lock");
        lockWritten = written;
    }

    /** The fetch result, or null when no step has fetched yet (locking fetches as it goes). */
    DebFetcher.FetchResult fetchOrNull() {
        return fetch;
    }

    /** The fetch result; when the fetch still runs beside the assembly, once it has ended (or failed). */
    DebFetcher.FetchResult fetch() throws dev.bulwark.core.BulwarkException {
        if (fetch == null && pendingFetch != null) {
            fetch = pendingFetch.result();
        }
        return made(fetch, "fetch");
    }

    void fetch(DebFetcher.FetchResult f) {
        fetch = Objects.requireNonNull(f, "fetch");
    }

    /** The fetch running beside the assembly, or null when it ended before (or was done by the lock step). */
    PendingFetch pendingFetch() {
        return fetch == null ? pendingFetch : null;
    }

    void fetching(PendingFetch f) {
        pendingFetch = Objects.requireNonNull(f, "fetch");
    }

    /** The images per architecture, in the request's architecture order. */
    Map<String, Image> images() {
        return made(images, "images");
    }

    void images(Map<String, Image> built) {
        images = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(built));
    }

    /** The index annotations the assembling step chose, or null for the spec's own (see PublishStep). */
    Map<String, String> indexAnnotations() {
        return indexAnnotations;
    }

    void indexAnnotations(Map<String, String> annotations) {
        indexAnnotations = Map.copyOf(annotations);
    }

    List<Gate.Result> gateResults() {
        return gateResults;
    }

    void gateResults(List<Gate.Result> results) {
        gateResults = List.copyOf(results);
    }

    void result(BuildResult.Output output) {
        results.add(output);
    }

    BuildResult result() throws dev.bulwark.core.BulwarkException {
        return new BuildResult(lock(), lockWritten, fetch(), images(), results);
    }

    private static <T> T made(T value, String what) {
        if (value == null) {
            throw new IllegalStateException("no build step has made the " + what + " yet");
        }
        return value;
    }

    @Override
    public void close() {
        if (outputs != null) {
            // A build that failed after storing an output but before its tag moved takes back what it can (a layout
            // it created); once tagged, abandoning is a no-op, so a successful build keeps everything.
            for (BuildOutput out : outputs) {
                if (out.staged() != null) {
                    out.staged().abandon();
                }
            }
        }
        if (pendingFetch != null) {
            pendingFetch.stop();   // no download still writes into the cache once the build has returned
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        if (workDir != null) {
            // Moved first, so the layers' tar replays (anchored at the work directory) are gone at once, not halfway;
            // into a fresh temp directory, which the cache sweep removes if this process dies while deleting.
            Path doomed = workDir;
            try {
                Path bin = dev.bulwark.core.TempFiles.createDirectory(workDir.toAbsolutePath().getParent(), "build-done");
                Files.move(workDir, bin.resolve("work"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                doomed = bin;
            } catch (IOException e) {
                // deleted in place
            }
            // Leftover temp files are harmless (a later sweep takes them); the next build uses a fresh directory.
            dev.bulwark.core.TempFiles.deleteTree(doomed);
        }
    }
}
