package dev.bulwark.catalog.db;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.core.BulwarkException.Kind;
import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns a driver's SQLException into a catalog error that says what happened and what to do. */
final class SqlFailures {
    private SqlFailures() {
    }

    static CatalogException of(String what, CatalogLocation location, Duration busyTimeout, SQLException e) {
        String prefix = "cannot " + what + " in catalog " + location.display() + ": ";
        if (isLocked(e) || "55P03".equals(e.getSQLState())) {
            return new CatalogException(Kind.ENVIRONMENT, prefix + "the database is locked by another process (waited "
                    + seconds(busyTimeout) + "); try again when that process is done, or raise BULWARK_CATALOG_TIMEOUT", e);
        }
        if (isNotADatabase(e)) {
            return new CatalogException(Kind.BAD_INPUT, prefix + "the file is not an SQLite database; give another "
                    + "--catalog path", e);
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P03")) {
            return new CatalogException(Kind.ENVIRONMENT, prefix + "the database server cannot be reached ("
                    + firstLine(e) + "); check that it runs and the URL is right", e);
        }
        if (state.startsWith("28")) {
            return new CatalogException(Kind.ENVIRONMENT, prefix + "the server refused the credentials (" + firstLine(e)
                    + "); give USER:PASSWORD in the URL", e);
        }
        if (state.equals("3D000")) {
            return new CatalogException(Kind.ENVIRONMENT, prefix + firstLine(e) + "; create it first (createdb)", e);
        }
        return new CatalogException(Kind.ENVIRONMENT, prefix + firstLine(e), e);
    }

    private static boolean isLocked(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s) {
                SQLiteErrorCode code = s.getResultCode();
                if (code.name().startsWith("SQLITE_BUSY") || code.name().startsWith("SQLITE_LOCKED")) {
                    return true;
                }
            }
        }
        // The SQLite driver sets its result code as the vendor code even on a plain SQLException; other drivers'
        // codes are told apart by the SQL state, which SQLite leaves empty.
        return e.getSQLState() == null && (e.getErrorCode() & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code;
    }

    private static boolean isNotADatabase(SQLException e) {
        return e instanceof SQLiteException s && s.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
