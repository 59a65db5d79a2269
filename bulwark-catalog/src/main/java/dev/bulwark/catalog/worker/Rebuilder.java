package dev.bulwark.catalog.worker;

import dev.bulwark.catalog.add.Attempt;
import dev.bulwark.catalog.watch.WatchResult;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Progress;

/**
 * What carries out one attempt at a rebuild request: the watch flow for one image ({@code Watcher.rebuildNow}),
 * wired by the CLI from its archive, key and registry options. {@code runId} names the attempt in the watch history;
 * {@code attempt} is what its build records and the fence its moving tags and record pass ({@code CatalogAdd}).
 */
@FunctionalInterface
public interface Rebuilder {
    WatchResult.Entry rebuild(RebuildJob job, String runId, Attempt attempt, Progress progress)
            throws BulwarkException;
}
