package dev.bulwark.catalog.db;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.core.BulwarkException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One catalog database, SQLite or PostgreSQL, migrated to {@link #SCHEMA_VERSION} when opened. Every decision is
 * one transaction ({@link #transaction}): it commits whole or not at all. Several processes may write at once:
 * SQLite runs in WAL mode, takes its write lock when a transaction begins and waits up to the busy timeout for it;
 * PostgreSQL coordinates through row locks.
 */
public final class CatalogDatabase {
    /** The schema version this Bulwark writes; the highest {@code V<n>__*.sql} in {@code db/migration}. */
    public static final int SCHEMA_VERSION = 41;
    /**
     * Every migration this Bulwark ships, {@code V<n>__*.sql}: each feature numbers its own in a decade, so an older
     * number (V21) can ship after a newer one (V30) and is applied out of order.
     */
    public static final java.util.SortedSet<Integer> MIGRATIONS = java.util.Collections.unmodifiableSortedSet(
            new java.util.TreeSet<>(java.util.List.of(1, 10, 20, 21, 30, 35, 36, 40, 41)));

    private final CatalogLocation location;
    private final DataSource writer;
    private final DataSource reader;
    private final Duration busyTimeout;

    private CatalogDatabase(CatalogLocation location, DataSource writer, DataSource reader, Duration busyTimeout) {
        this.location = location;
        this.writer = writer;
        this.reader = reader;
        this.busyTimeout = busyTimeout;
    }

    /**
     * Opens the catalog at {@code location}, creating an SQLite file (and its directory) when missing, and brings
     * its schema up to date. Refuses a catalog whose schema is newer than this Bulwark's.
     */
    public static CatalogDatabase open(CatalogLocation location, Duration busyTimeout) throws CatalogException {
        CatalogDatabase db = location instanceof CatalogLocation.SqliteFile f ? sqlite(f, busyTimeout)
                : postgres((CatalogLocation.Postgres) location, busyTimeout);
        Schema.migrate(db);
        return db;
    }

    public CatalogLocation location() {
        return location;
    }

    public boolean isPostgres() {
        return location instanceof CatalogLocation.Postgres;
    }

    /** Runs {@code work} in one write transaction; {@code what} names it in errors ("record build of python3"). */
    public <T> T transaction(String what, Work<T> work) throws CatalogException {
        return run(writer, false, what, work);
    }

    /** Runs {@code work} in one read-only transaction (one consistent view of the catalog). */
    public <T> T read(String what, Work<T> work) throws CatalogException {
        return run(reader, true, what, work);
    }

    DataSource writer() {
        return writer;
    }

    /**
     * Where the job engine (the workers' queue) opens its own connections: the writer's, so on SQLite its writes
     * wait for the write lock like every other writer's.
     */
    public DataSource jobSource() {
        return writer;
    }

    CatalogException failure(String what, SQLException e) {
        return SqlFailures.of(what, location, busyTimeout, e);
    }

    private <T> T run(DataSource source, boolean readOnly, String what, Work<T> work) throws CatalogException {
        try (Connection c = source.getConnection()) {
            c.setAutoCommit(false);
            if (readOnly && isPostgres()) {
                c.setReadOnly(true);
            }
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | CatalogException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r); // the transaction did not commit either way
        }
    }

    private static CatalogDatabase sqlite(CatalogLocation.SqliteFile f, Duration busyTimeout) throws CatalogException {
        try {
            Files.createDirectories(f.file().getParent());
        } catch (IOException e) {
            throw new CatalogException(Kind.ENVIRONMENT, "cannot create the catalog directory " + f.file().getParent()
                    + ": " + e.getMessage(), e);
        }
        if (Files.isDirectory(f.file())) {
            throw new CatalogException(Kind.BAD_INPUT, "cannot open catalog " + f.display() + ": it is a directory; "
                    + "give a file path such as " + f.file().resolve("catalog.db"));
        }
        return new CatalogDatabase(f, sqliteSource(f, busyTimeout, SQLiteConfig.TransactionMode.IMMEDIATE),
                sqliteSource(f, busyTimeout, SQLiteConfig.TransactionMode.DEFERRED), busyTimeout);
    }

    private static DataSource sqliteSource(CatalogLocation.SqliteFile f, Duration busyTimeout,
            SQLiteConfig.TransactionMode mode) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        config.enforceForeignKeys(true);
        // A writer takes the write lock at BEGIN, so it waits (busy timeout) instead of failing halfway.
        config.setTransactionMode(mode);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + f.file());
        return ds;
    }

    private static CatalogDatabase postgres(CatalogLocation.Postgres p, Duration busyTimeout) throws CatalogException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        try {
            ds.setURL(p.jdbcUrl());
        } catch (IllegalArgumentException e) {
            throw new CatalogException(Kind.BAD_INPUT, "cannot open catalog " + p.display() + ": " + e.getMessage(), e);
        }
        if (p.user() != null) {
            ds.setUser(p.user());
        }
        if (p.password() != null) {
            ds.setPassword(p.password());
        }
        ds.setConnectTimeout(10);
        ds.setApplicationName("bulwark");
        // Waiting for another writer's row lock is bounded like SQLite's busy timeout.
        ds.setOptions("-c lock_timeout=" + Math.max(1, busyTimeout.toMillis()));
        return new CatalogDatabase(p, ds, ds, busyTimeout);
    }
}
