package dev.bulwark.server.rebuild;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.worker.RebuildQueue;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * "Rebuild this image now", as the API asks it: queued for the workers (recorded in {@code rebuild_requests}, with an
 * event saying who asked, and the image's job put in the job engine's queue); a request while the image's previous
 * one is queued or running is merged into it.
 */
public final class RebuildRequests {
    private final RebuildQueue queue;

    public RebuildRequests(CatalogDatabase db, Clock clock) {
        this.queue = new RebuildQueue(db, clock);
    }

    /** Queues a rebuild of {@code image}; empty when the image is not catalogued. */
    public Optional<RebuildRequest> enqueue(String image, String reason, String requestedBy) throws CatalogException {
        return queue.enqueue(image, reason, requestedBy, "api").map(e -> new RebuildRequest(e.job(), e.merged()));
    }

    /** The request, its state, outcome and log. */
    public Optional<RebuildRequest> get(long id) throws CatalogException {
        return queue.store().get(id).map(j -> new RebuildRequest(j, false));
    }

    /** The requests still waiting for a worker, oldest first. */
    public List<RebuildRequest> queued() throws CatalogException {
        return queue.store().open().stream().filter(j -> j.state().equals("queued"))
                .map(j -> new RebuildRequest(j, false)).toList();
    }
}
