package dev.bulwark.catalog.worker;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rebuild requests' side of the queue ({@code rebuild_requests}, {@code rebuild_log}): what was asked, its state
 * and log. Each method is one transaction. An image has at most one open (queued or running) request — a unique
 * index says so — and a new request while one is open is merged into it.
 */
public final class JobStore {
    static final int MAX_LOG_LINES = 2000;
    static final int MAX_LINE = 1000;
    private static final String SELECT = "SELECT r.id, i.name, r.reason, r.requested_by, r.source, r.requested_at, "
            + "r.state, r.started_at, r.finished_at, r.worker, r.attempts, r.outcome, b.number, r.message "
            + "FROM rebuild_requests r JOIN images i ON i.id = r.image_id "
            + "LEFT JOIN builds b ON b.id = r.outcome_build_id ";

    private final CatalogDatabase db;
    private final Clock clock;

    public JobStore(CatalogDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A request as recorded, and whether it was merged into one already open for the image. */
    public record Enqueued(RebuildJob job, boolean merged) {
    }

    /** Records a request, or finds the open one it merges into; empty when the image is not catalogued. */
    public Optional<Enqueued> request(String image, String reason, String requestedBy, String source)
            throws CatalogException {
        return db.transaction("queue a rebuild of " + image, c -> {
            Long imageId = imageId(c, image);
            if (imageId == null) {
                return Optional.<Enqueued>empty();
            }
            Optional<RebuildJob> open = open(c, imageId);
            if (open.isPresent()) {
                return Optional.of(new Enqueued(open.get(), true));
            }
            long now = clock.millis();
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO rebuild_requests (image_id, reason, requested_by, "
                    + "requested_at, source) VALUES (?, ?, ?, ?, ?) ON CONFLICT (image_id) "
                    + "WHERE state IN ('queued', 'running') DO NOTHING RETURNING id")) {
                s.setLong(1, imageId);
                s.setString(2, reason);
                s.setString(3, requestedBy);
                s.setLong(4, now);
                s.setString(5, source);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) { // another process queued one between our read and our insert
                        return Optional.of(new Enqueued(open(c, imageId).orElseThrow(), true));
                    }
                    id = rs.getLong(1);
                }
            }
            event(c, imageId, now, "rebuild " + id + " requested by " + requestedBy + " (" + source + "): " + reason);
            return Optional.of(new Enqueued(one(c, "r.id = ?", id).orElseThrow(), false));
        });
    }

    /** The request with its log. */
    public Optional<RebuildJob> get(long id) throws CatalogException {
        return db.read("read rebuild request " + id, c -> {
            Optional<RebuildJob> job = one(c, "r.id = ?", id);
            return job.isEmpty() ? job : Optional.of(job.get().withLog(log(c, id)));
        });
    }

    /** The open requests, oldest first (without their logs). */
    public List<RebuildJob> open() throws CatalogException {
        return db.read("list the open rebuild requests", c -> list(c, "r.state IN ('queued', 'running') ORDER BY r.id"));
    }

    /**
     * What an attempt starts from: the request, now running on {@code worker}, and the build an earlier attempt
     * recorded when it was killed before it could say so ({@code recorded}, a build number; null when none).
     */
    record Claimed(RebuildJob job, Integer recorded) {
    }

    /**
     * Starts an attempt at {@code image}'s open request: counts it, names the worker, and remembers the image's
     * latest build on the first attempt; a later attempt finds any build recorded since then.
     */
    Optional<Claimed> claim(String image, String worker) throws CatalogException {
        return db.transaction("start the rebuild of " + image, c -> {
            Long imageId = imageId(c, image);
            Optional<RebuildJob> open = imageId == null ? Optional.empty() : open(c, imageId);
            if (open.isEmpty()) {
                return Optional.<Claimed>empty();
            }
            long id = open.get().id();
            Long from = fromBuild(c, id);
            if (from == null) {
                from = latestBuild(c, imageId);
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE rebuild_requests SET state = 'running', attempts = "
                    + "attempts + 1, worker = ?, started_at = COALESCE(started_at, ?), from_build_id = ? WHERE id = ?")) {
                s.setString(1, worker);
                s.setLong(2, clock.millis());
                setNullable(s, 3, from);
                s.setLong(4, id);
                s.executeUpdate();
            }
            Integer recorded = null;
            if (from != null) {
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT number FROM builds WHERE image_id = ? AND id > ? ORDER BY id DESC")) {
                    s.setLong(1, imageId);
                    s.setLong(2, from);
                    try (ResultSet rs = s.executeQuery()) {
                        recorded = rs.next() ? rs.getInt(1) : null;
                    }
                }
            }
            return Optional.of(new Claimed(one(c, "r.id = ?", id).orElseThrow(), recorded));
        });
    }

    /** Ends request {@code id}: state done or failed, the outcome, the build it recorded (a number, or null). */
    void finish(long id, String state, String outcome, Integer build, String message) throws CatalogException {
        db.transaction("record how rebuild " + id + " ended", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE rebuild_requests SET state = ?, outcome = ?, "
                    + "outcome_build_id = (SELECT b.id FROM builds b WHERE b.image_id = rebuild_requests.image_id "
                    + "AND b.number = ?), message = ?, finished_at = ? WHERE id = ?")) {
                s.setString(1, state);
                s.setString(2, outcome);
                if (build == null) {
                    s.setNull(3, Types.INTEGER);
                } else {
                    s.setInt(3, build);
                }
                s.setString(4, message);
                s.setLong(5, clock.millis());
                s.setLong(6, id);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Puts a started request back in the queue, saying why (it is retried later). */
    void requeue(long id, String message) throws CatalogException {
        db.transaction("put rebuild " + id + " back in the queue", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE rebuild_requests SET state = 'queued', message = ? WHERE id = ? AND state = 'running'")) {
                s.setString(1, message);
                s.setLong(2, id);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Appends a progress line to request {@code id}'s log (kept to its first lines; long lines cut). */
    void log(long id, String line) throws CatalogException {
        String cut = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line;
        db.transaction("log the rebuild " + id, c -> {
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
                return null;
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO rebuild_log (request_id, seq, at, line) VALUES (?, ?, ?, ?)")) {
                s.setLong(1, id);
                s.setInt(2, next);
                s.setLong(3, clock.millis());
                s.setString(4, next == MAX_LOG_LINES ? "(log cut at " + MAX_LOG_LINES + " lines)" : cut);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Images with an open request but no job in the engine's queue (its enqueuer stopped between the two). */
    List<String> orphans(String taskName) throws CatalogException {
        return db.read("find rebuild requests without a job", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT i.name FROM rebuild_requests r JOIN images i "
                    + "ON i.id = r.image_id WHERE r.state IN ('queued', 'running') AND NOT EXISTS (SELECT 1 FROM "
                    + "scheduled_tasks t WHERE t.task_name = ? AND t.task_instance = i.name) ORDER BY r.id")) {
                s.setString(1, taskName);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** True when no job of {@code taskName} is queued or running anywhere and no request is open. */
    boolean idle(String taskName) throws CatalogException {
        return db.read("look at the rebuild queue", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT (SELECT COUNT(*) FROM scheduled_tasks WHERE task_name "
                    + "= ?) + (SELECT COUNT(*) FROM rebuild_requests WHERE state IN ('queued', 'running'))")) {
                s.setString(1, taskName);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) == 0;
                }
            }
        });
    }

    private static Optional<RebuildJob> open(Connection c, long imageId) throws SQLException {
        return one(c, "r.image_id = ? AND r.state IN ('queued', 'running')", imageId);
    }

    private static Optional<RebuildJob> one(Connection c, String where, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE " + where)) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(job(rs)) : Optional.empty();
            }
        }
    }

    private static List<RebuildJob> list(Connection c, String where) throws SQLException {
        List<RebuildJob> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE " + where); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(job(rs));
            }
        }
        return out;
    }

    private static List<String> log(Connection c, long id) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT line FROM rebuild_log WHERE request_id = ? ORDER BY seq")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static RebuildJob job(ResultSet rs) throws SQLException {
        return new RebuildJob(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7), instant(rs, 8), instant(rs, 9), rs.getString(10),
                rs.getInt(11), rs.getString(12), integer(rs, 13), rs.getString(14), List.of());
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Long imageId(Connection c, String image) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM images WHERE name = ?")) {
            s.setString(1, image);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static Long fromBuild(Connection c, long requestId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT from_build_id FROM rebuild_requests WHERE id = ?")) {
            s.setLong(1, requestId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? null : v;
            }
        }
    }

    private static Long latestBuild(Connection c, long imageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(id) FROM builds WHERE image_id = ?")) {
            s.setLong(1, imageId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? null : v;
            }
        }
    }

    private static void event(Connection c, long imageId, long now, String message) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO events (at, kind, image_id, build_id, message) VALUES (?, ?, ?, NULL, ?)")) {
            s.setLong(1, now);
            s.setString(2, "rebuild.requested");
            s.setLong(3, imageId);
            s.setString(4, message);
            s.executeUpdate();
        }
    }

    private static void setNullable(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }
}
