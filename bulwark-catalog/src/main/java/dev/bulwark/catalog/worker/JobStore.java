package dev.bulwark.catalog.worker;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.store.Catalog;
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
 * and log. Each method is one transaction. An image has at most one queued and at most one running request — unique
 * indexes say so: a new request while one is queued is merged into it, and one while a request runs is queued after
 * it (the running build re-locked before it was asked for).
 */
public final class JobStore {
    private static final String SELECT = "SELECT r.id, i.name, r.reason, r.requested_by, r.source, r.requested_at, "
            + "r.state, r.started_at, r.finished_at, r.worker, r.attempts, r.outcome, b.number, r.message "
            + "FROM rebuild_requests r JOIN images i ON i.id = r.image_id "
            + "LEFT JOIN builds b ON b.id = r.outcome_build_id ";

    private final CatalogDatabase db;
    private final Clock clock;
    private final JobLog log;

    public JobStore(CatalogDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.log = new JobLog(db, clock);
    }

    /** A request as recorded, and whether it was merged into one already queued for the image. */
    public record Enqueued(RebuildJob job, boolean merged) {
    }

    /** Records a request, or finds the queued one it merges into; empty when the image is not catalogued. */
    public Optional<Enqueued> request(String image, String reason, String requestedBy, String source)
            throws CatalogException {
        return db.transaction("queue a rebuild of " + image, c -> {
            Long imageId = imageId(c, image);
            if (imageId == null) {
                return Optional.<Enqueued>empty();
            }
            Optional<RebuildJob> queued = queued(c, imageId);
            if (queued.isPresent()) {
                return Optional.of(new Enqueued(queued.get(), true));
            }
            long now = clock.millis();
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO rebuild_requests (image_id, reason, requested_by, "
                    + "requested_at, source) VALUES (?, ?, ?, ?, ?) ON CONFLICT (image_id) "
                    + "WHERE state = 'queued' DO NOTHING RETURNING id")) {
                s.setLong(1, imageId);
                s.setString(2, reason);
                s.setString(3, requestedBy);
                s.setLong(4, now);
                s.setString(5, source);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) { // another process queued one between our read and our insert
                        return Optional.of(new Enqueued(queued(c, imageId).orElseThrow(), true));
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
     * Its attempt number and worker fence what it writes later: {@link #finish}, {@link #requeue}, {@link #log},
     * and its build's moving tags and record ({@link #owner}).
     */
    record Claimed(RebuildJob job, Integer recorded) {
        int attempt() {
            return job.attempts();
        }
    }

    /**
     * Starts an attempt at {@code image}'s next request — the running one an earlier attempt left (its worker died),
     * else the queued one: counts it, names the worker, remembers the build it starts from (the image's latest at
     * its first attempt; shown, never used to credit a build), and finds the build an earlier attempt at it recorded
     * — a build recorded with this request ({@code rebuild_request_id}), never one made by hand, by a watch cycle or
     * for another request. Unfenced: for tests and callers that hold no job of the engine.
     */
    Optional<Claimed> claim(String image, String worker) throws CatalogException {
        return claim(image, worker, null);
    }

    /**
     * As {@link #claim(String, String)} for the engine's execution of {@code image}'s job that was given
     * {@code version} when it picked it (null: none): nothing unless the job is still picked at that version. The
     * engine raises the version on every pick and revival (heartbeats keep it), so an execution thought dead —
     * whose job was revived and picked again, by another worker or by its own on another thread, or by a second
     * process started with the same name — claims nothing: the running request is the newer execution's attempt.
     * The worker's name is no fence: the engine stores it cut to 50 characters in {@code picked_by}.
     */
    Optional<Claimed> claim(String image, String worker, Long version) throws CatalogException {
        return db.transaction("start the rebuild of " + image, c -> {
            Long imageId = imageId(c, image);
            Optional<RebuildJob> open = imageId == null || (version != null && !picked(c, image, version))
                    ? Optional.empty() : open(c, imageId);
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
            Integer recorded = recordedBy(c, imageId, id);
            return Optional.of(new Claimed(one(c, "r.id = ?", id).orElseThrow(), recorded));
        });
    }

    /**
     * Ends attempt {@code attempt} of request {@code id} on {@code worker}: state done or failed, the outcome, the
     * build it recorded (a number, or null). False, changing nothing, when another attempt has taken the request
     * over (this one was thought dead): its result is dropped.
     */
    boolean finish(long id, int attempt, String worker, String state, String outcome, Integer build, String message)
            throws CatalogException {
        return db.transaction("record how rebuild " + id + " ended", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE rebuild_requests SET state = ?, outcome = ?, "
                    + "outcome_build_id = (SELECT b.id FROM builds b WHERE b.image_id = rebuild_requests.image_id "
                    + "AND b.number = ?), message = ?, finished_at = ? WHERE " + FENCE)) {
                s.setString(1, state);
                s.setString(2, outcome);
                if (build == null) {
                    s.setNull(3, Types.INTEGER);
                } else {
                    s.setInt(3, build);
                }
                s.setString(4, message);
                s.setLong(5, clock.millis());
                fence(s, 6, id, attempt, worker);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Puts attempt {@code attempt}'s request back in the queue, saying why; false when another attempt has it. */
    boolean requeue(long id, int attempt, String worker, String message) throws CatalogException {
        return db.transaction("put rebuild " + id + " back in the queue", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE rebuild_requests SET state = 'queued', message = ? WHERE " + FENCE)) {
                s.setString(1, message);
                fence(s, 2, id, attempt, worker);
                return s.executeUpdate() == 1;
            }
        });
    }

    /**
     * Appends attempt {@code attempt}'s progress line to request {@code id}'s log (kept to its first lines; long
     * lines cut); false, writing nothing, when another attempt has taken the request over.
     */
    boolean log(long id, int attempt, String worker, String line) throws CatalogException {
        return log.append(id, attempt, worker, line);
    }

    /** Appends {@code line} to request {@code id}'s log whoever owns it: what became of an attempt taken over. */
    void note(long id, String line) throws CatalogException {
        log.note(id, line);
    }

    /**
     * The fence of attempt {@code attempt} of request {@code id} on {@code worker}, for its build: holds while the
     * attempt still owns the request. On PostgreSQL it locks the request's row, so a takeover waits for the
     * transaction it runs in (the build's record); on SQLite that transaction holds the only write lock anyway.
     */
    Catalog.Guard owner(long id, int attempt, String worker) {
        String lock = db.isPostgres() ? " FOR UPDATE" : "";
        return c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM rebuild_requests WHERE " + FENCE + lock)) {
                fence(s, 1, id, attempt, worker);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        };
    }

    /** True when {@code image} has a queued request (the follow-up of an execution that just ended). */
    boolean queued(String image) throws CatalogException {
        return db.read("look for a queued rebuild of " + image, c -> {
            Long imageId = imageId(c, image);
            return imageId != null && queued(c, imageId).isPresent();
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

    /** The image's next request: a running one first (only one job per image runs, so its attempt is gone). */
    private static Optional<RebuildJob> open(Connection c, long imageId) throws SQLException {
        return one(c, "r.image_id = ? AND r.state IN ('queued', 'running') "
                + "ORDER BY CASE r.state WHEN 'running' THEN 0 ELSE 1 END, r.id LIMIT 1", imageId);
    }

    private static Optional<RebuildJob> queued(Connection c, long imageId) throws SQLException {
        return one(c, "r.image_id = ? AND r.state = 'queued'", imageId);
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

    /** True when {@code image}'s rebuild job is picked, at {@code version}: the execution given it still runs it. */
    private static boolean picked(Connection c, String image, long version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM scheduled_tasks WHERE task_name = ? "
                + "AND task_instance = ? AND picked = ? AND version = ?")) {
            s.setString(1, RebuildQueue.TASK);
            s.setString(2, image);
            s.setBoolean(3, true);
            s.setLong(4, version);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
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

    /**
     * The newest build request {@code requestId} recorded (an attempt records its request with its build): a build
     * made by hand, by a watch cycle or for another request is never this request's.
     */
    private static Integer recordedBy(Connection c, long imageId, long requestId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT b.number FROM builds b WHERE b.image_id = ? "
                + "AND b.rebuild_request_id = ? ORDER BY b.id DESC LIMIT 1")) {
            s.setLong(1, imageId);
            s.setLong(2, requestId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
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

    /** The attempt still holds its request: the request is running, on its worker, at its attempt number. */
    static final String FENCE = "id = ? AND attempts = ? AND worker = ? AND state = 'running'";

    static void fence(PreparedStatement s, int from, long id, int attempt, String worker) throws SQLException {
        s.setLong(from, id);
        s.setInt(from + 1, attempt);
        s.setString(from + 2, worker);
    }

    private static void setNullable(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }
}
