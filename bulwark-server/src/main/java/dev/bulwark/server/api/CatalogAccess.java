package dev.bulwark.server.api;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.server.OpenedCatalog;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;

/**
 * The catalog the server reads, opened on first use and kept open ({@link OpenedCatalog.Opener}). A database that
 * is down when the server starts (PostgreSQL restarting, or starting after the server) is tried again by a later
 * request; requests answer 503 until it can be opened.
 */
final class CatalogAccess {
    private final CatalogLocation location;
    private final Clock clock;
    private final PrintStream log;
    private final OpenedCatalog.Opener opener;

    CatalogAccess(CatalogLocation location, Duration busyTimeout, Clock clock, PrintStream log) {
        this.location = location;
        this.clock = clock;
        this.log = log;
        this.opener = new OpenedCatalog.Opener(location, busyTimeout, clock, this::logged, System::nanoTime);
    }

    /** The open catalog, opening it now if needed; the caller gets a 503 while it cannot be (the log says why). */
    OpenedCatalog get() {
        try {
            return opener.get();
        } catch (CatalogException e) {
            throw ApiError.unavailable();
        }
    }

    /** Opens the catalog now, reporting why it cannot be (the server decides whether to start regardless). */
    OpenedCatalog open() throws CatalogException {
        return opener.openNow();
    }

    CatalogLocation location() {
        return location;
    }

    Clock clock() {
        return clock;
    }

    /** The catalog's fingerprint ({@link CatalogVersion}): one cheap query, changed by any write an answer shows. */
    String version() throws CatalogException {
        return get().db().read("check the catalog for changes", CatalogVersion::of);
    }

    /** Logs the catalog's own message (which names the database) and answers the client with a plain 503. */
    ApiError unavailable(CatalogException e) {
        logged(e);
        return ApiError.unavailable();
    }

    private void logged(CatalogException e) {
        log.println("bulwark serve: " + e.getMessage());
        log.flush();
    }
}
