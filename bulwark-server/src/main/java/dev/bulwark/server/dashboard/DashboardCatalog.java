package dev.bulwark.server.dashboard;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.server.OpenedCatalog;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;

/**
 * The catalog as the dashboard reads it, opened on first use and kept open ({@link OpenedCatalog.Opener}); while the
 * database cannot be reached, pages say "catalog unavailable" and a later request tries again.
 */
final class DashboardCatalog {
    /** The catalog could not be opened or read; the page says so and the log says why. */
    static final class Unavailable extends RuntimeException {
        Unavailable(CatalogException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final CatalogLocation location;
    private final Clock clock;
    private final PrintStream log;
    private final OpenedCatalog.Opener opener;

    DashboardCatalog(CatalogLocation location, Duration busyTimeout, Clock clock, PrintStream log) {
        this.location = location;
        this.clock = clock;
        this.log = log;
        this.opener = new OpenedCatalog.Opener(location, busyTimeout, clock, this::logged, System::nanoTime);
    }

    OpenedCatalog get() {
        try {
            return opener.get();
        } catch (CatalogException e) {
            throw new Unavailable(e);
        }
    }

    Unavailable unavailable(CatalogException e) {
        logged(e);
        return new Unavailable(e);
    }

    private void logged(CatalogException e) {
        log.println("bulwark serve: dashboard: " + e.getMessage());
        log.flush();
    }

    /** The catalog as the footer names it (a file path, or a PostgreSQL address without its password). */
    String display() {
        return location.display();
    }

    Clock clock() {
        return clock;
    }
}
