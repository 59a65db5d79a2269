package dev.bulwark.catalog.worker;

import dev.bulwark.catalog.watch.WatchResult;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Progress;

/**
 * What carries out one attempt at a rebuild request: the watch flow for one image ({@code Watcher.rebuildNow}),
 * wired by the CLI from its archive, key and registry options. {@code runId} names the attempt in the watch history.
 */
@FunctionalInterface
public interface Rebuilder {
    WatchResult.Entry rebuild(RebuildJob job, String runId, Progress progress) throws BulwarkException;
}
