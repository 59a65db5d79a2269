package dev.bulwark.catalog.watch;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.plan.Decision;

/** Where {@code watch --enqueue} hands its rebuild decisions: the workers' queue. */
@FunctionalInterface
public interface Dispatch {
    /** Queues {@code decision}'s rebuild; returns the sentence recorded as its outcome ("queued as request 7"). */
    String enqueue(Decision decision) throws CatalogException;
}
