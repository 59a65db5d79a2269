package dev.bulwark.server;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.server.auth.Tokens;
import dev.bulwark.server.rebuild.RebuildRequests;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What the server uses of one open catalog database, and how it comes to be open: on first use, and kept open.
 * Once an open has failed (PostgreSQL restarting, or starting after the server), one request at a time tries again
 * and the rest are answered at once with the last failure until {@link #RETRY} has passed. Otherwise a database host
 * that drops packets would queue every request behind one 10-second connect after another, until no server thread
 * was left, {@code /health} included. Only the very first open, with no failure to answer from, is waited for.
 */
public record OpenedCatalog(CatalogDatabase db, Catalog catalog, Tokens tokens, RebuildRequests rebuilds) {
    /** How long a failed open is answered from memory: the Retry-After the server's 503s give. */
    public static final Duration RETRY = Duration.ofSeconds(5);

    /** Opens the catalog at a location once, as described above. */
    public static final class Opener {
        private final CatalogLocation location;
        private final Duration busyTimeout;
        private final Clock clock;
        private final Consumer<CatalogException> failed;
        private final LongSupplier nanoTime;
        private volatile OpenedCatalog opened;
        private CatalogException lastFailure;
        private long retryAt;
        private boolean opening;

        /** {@code failed} hears each failed attempt once (to log it), not the answers given from memory after it. */
        public Opener(CatalogLocation location, Duration busyTimeout, Clock clock, Consumer<CatalogException> failed,
                      LongSupplier nanoTime) {
            this.location = location;
            this.busyTimeout = busyTimeout;
            this.clock = clock;
            this.failed = failed;
            this.nanoTime = nanoTime;
        }

        /** The open catalog, opening it now if this request is the one to try. */
        public OpenedCatalog get() throws CatalogException {
            return attempt(true);
        }

        /** As {@link #get()}, for the server's start, which reports a failure itself. */
        public OpenedCatalog openNow() throws CatalogException {
            return attempt(false);
        }

        private OpenedCatalog attempt(boolean report) throws CatalogException {
            OpenedCatalog o = opened;
            if (o != null) {
                return o;
            }
            synchronized (this) {
                while (true) {
                    if (opened != null) {
                        return opened;
                    }
                    if (lastFailure != null && (opening || nanoTime.getAsLong() - retryAt < 0)) {
                        throw lastFailure;
                    }
                    if (!opening) {
                        break;
                    }
                    // The first open is under way and nothing has failed yet: wait for it, as there is no answer
                    // to give from memory.
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CatalogException(dev.bulwark.core.BulwarkException.Kind.ENVIRONMENT,
                                "interrupted while the catalog " + location.display() + " was being opened", e);
                    }
                }
                opening = true;
            }
            try {
                CatalogDatabase db = CatalogDatabase.open(location, busyTimeout);
                OpenedCatalog now = new OpenedCatalog(db, new Catalog(db, clock),
                        new Tokens(db, clock, new SecureRandom()), new RebuildRequests(db, clock));
                opened = now;
                return now;
            } catch (CatalogException e) {
                synchronized (this) {
                    lastFailure = e;
                    retryAt = nanoTime.getAsLong() + RETRY.toNanos();
                }
                if (report) {
                    failed.accept(e);
                }
                throw e;
            } finally {
                synchronized (this) {
                    opening = false;
                    notifyAll();
                }
            }
        }
    }
}
