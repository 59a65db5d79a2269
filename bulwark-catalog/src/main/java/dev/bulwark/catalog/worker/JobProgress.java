package dev.bulwark.catalog.worker;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.core.Progress;

/**
 * A rebuild's progress: each line goes to the request's log in the catalog (for the dashboard and the API) and to
 * the worker's own output, prefixed with the image. A log line that cannot be written is not worth failing the
 * build for: the worker's output says so once. Once another attempt has taken the request over, this one's lines go
 * only to the worker's output.
 */
final class JobProgress implements Progress {
    private final JobStore store;
    private final long id;
    private final int attempt;
    private final String worker;
    private final String prefix;
    private final Progress out;
    private boolean logFailed;
    private boolean takenOver;

    JobProgress(JobStore store, long id, int attempt, String worker, String image, Progress out) {
        this.store = store;
        this.id = id;
        this.attempt = attempt;
        this.worker = worker;
        this.prefix = "[" + image + "] ";
        this.out = out;
    }

    @Override
    public synchronized void begin(String task, long total) {
        line(task);
    }

    @Override
    public void advance(long amount) {
    }

    @Override
    public synchronized void end(String summary) {
        if (summary != null && !summary.isBlank()) {
            line(summary);
        }
    }

    @Override
    public synchronized void info(String line) {
        line(line);
    }

    private void line(String line) {
        out.info(prefix + line);
        if (takenOver) {
            return;
        }
        try {
            if (!store.log(id, attempt, worker, line)) {
                takenOver = true; // the next attempt's log is its own: RebuildRun says so when this one ends
            }
        } catch (CatalogException e) {
            if (!logFailed) {
                logFailed = true;
                out.info(prefix + "cannot write its log to the catalog (" + e.getMessage() + "); the build goes on");
            }
        }
    }
}
