package dev.bulwark.server.api;

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
 * The catalog the server reads, opened on first use and kept open. A database that is down when the server starts
 * (PostgreSQL restarting, or starting after the server) is tried again on each request, which answers 503 until
 * it can be opened.
 */
final class CatalogAccess {
    /** What the server uses of one open catalog database. */
    record Opened(CatalogDatabase db, Catalog catalog, Tokens tokens, RebuildRequests rebuilds) {
    }

    private final CatalogLocation location;
    private final Duration busyTimeout;
    private final Clock clock;
    private final PrintStream log;
    private Opened opened;

    CatalogAccess(CatalogLocation location, Duration busyTimeout, Clock clock, PrintStream log) {
        this.location = location;
        this.busyTimeout = busyTimeout;
        this.clock = clock;
        this.log = log;
    }

    /** The open catalog, opening it now if needed; a failure is logged and the caller gets a 503. */
    synchronized Opened get() {
        if (opened == null) {
            try {
                opened = open();
            } catch (CatalogException e) {
                throw unavailable(e);
            }
        }
        return opened;
    }

    /** Opens the catalog now, reporting why it cannot be (the server decides whether to start regardless). */
    synchronized Opened open() throws CatalogException {
        if (opened == null) {
            CatalogDatabase db = CatalogDatabase.open(location, busyTimeout);
            opened = new Opened(db, new Catalog(db, clock), new Tokens(db, clock, new SecureRandom()),
                    new RebuildRequests(db, clock));
        }
        return opened;
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
        log.println("bulwark serve: " + e.getMessage());
        log.flush();
        return ApiError.unavailable();
    }
}
