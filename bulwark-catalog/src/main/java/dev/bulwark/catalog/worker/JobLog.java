package dev.bulwark.catalog.worker;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

/**
 * A rebuild request's log ({@code rebuild_log}): its attempts' progress lines in order, kept to the first
 * {@link #MAX_LOG_LINES}, each cut at {@link #MAX_LINE} characters. Only the attempt that owns the request appends
 * its progress; a note (what became of an attempt taken over) is appended whoever owns it. On PostgreSQL each append
 * locks the request's row, so two appends never take the same line number.
 */
final class JobLog {
    static final int MAX_LOG_LINES = 2000;
    static final int MAX_LINE = 1000;

    private final CatalogDatabase db;
    private final Clock clock;

    JobLog(CatalogDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Appends attempt {@code attempt}'s line; false, writing nothing, when another attempt owns the request. */
    boolean append(long id, int attempt, String worker, String line) throws CatalogException {
        return db.transaction("log the rebuild " + id, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM rebuild_requests WHERE " + JobStore.FENCE
                    + lock())) {
                JobStore.fence(s, 1, id, attempt, worker);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
            insert(c, id, line);
            return true;
        });
    }

    /** Appends {@code line} whoever owns the request. */
    void note(long id, String line) throws CatalogException {
        db.transaction("log the rebuild " + id, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM rebuild_requests WHERE id = ?" + lock())) {
                s.setLong(1, id);
                s.executeQuery().close();
            }
            insert(c, id, line);
            return null;
        });
    }

    private String lock() {
        return db.isPostgres() ? " FOR UPDATE" : "";
    }

    private void insert(Connection c, long id, String line) throws SQLException {
        String cut = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line;
        int next;
        try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM rebuild_log "
                + "WHERE request_id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                next = rs.getInt(1);
            }
        }
        if (next > MAX_LOG_LINES) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO rebuild_log (request_id, seq, at, line) VALUES (?, ?, ?, ?)")) {
            s.setLong(1, id);
            s.setInt(2, next);
            s.setLong(3, clock.millis());
            s.setString(4, next == MAX_LOG_LINES ? "(log cut at " + MAX_LOG_LINES + " lines)" : cut);
            s.executeUpdate();
        }
    }
}
