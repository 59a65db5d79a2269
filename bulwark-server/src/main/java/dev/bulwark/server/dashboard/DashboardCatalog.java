package dev.bulwark.server.dashboard;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.server.auth.Tokens;
import dev.bulwark.server.rebuild.RebuildRequests;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * The catalog as the dashboard reads it, opened on first use and kept open; a database that cannot be reached is
 * tried again on the next request, which shows a "catalog unavailable" page meanwhile.
 */
final class DashboardCatalog {
    /** What the dashboard uses of one open catalog database. */
    record Opened(CatalogDatabase db, Catalog catalog, Tokens tokens, RebuildRequests rebuilds) {
    }

    /** The catalog could not be opened or read; the page says so and the log says why. */
    static final class Unavailable extends RuntimeException {
        Unavailable(CatalogException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final CatalogLocation location;
    private final Duration busyTimeout;
    private final Clock clock;
    private final PrintStream log;
    private Opened opened;

    DashboardCatalog(CatalogLocation location, Duration busyTimeout, Clock clock, PrintStream log) {
        this.location = location;
        this.busyTimeout = busyTimeout;
        this.clock = clock;
        this.log = log;
    }

    synchronized Opened get() {
        if (opened == null) {
            try {
                CatalogDatabase db = CatalogDatabase.open(location, busyTimeout);
                opened = new Opened(db, new Catalog(db, clock), new Tokens(db, clock, new SecureRandom()),
                        new RebuildRequests(db, clock));
            } catch (CatalogException e) {
                throw unavailable(e);
            }
        }
        return opened;
    }

    Unavailable unavailable(CatalogException e) {
        log.println("bulwark serve: dashboard: " + e.getMessage());
        log.flush();
        return new Unavailable(e);
    }

    /** The catalog as the footer names it (a file path, or a PostgreSQL address without its password). */
    String display() {
        return location.display();
    }

    Clock clock() {
        return clock;
    }
}
