package dev.bulwark.catalog.watch;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.plan.Decision;
import dev.bulwark.core.BulwarkException.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The watcher's rows (schema V20): InReleases and candidates as first seen, base relations, decisions with their
 * outcomes, and SLA clocks. Each decision is one transaction, and so is each outcome; several watchers coordinate
 * through the database alone.
 */
public final class WatchStore {
    private final CatalogDatabase db;
    private final Clock clock;

    public WatchStore(CatalogDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The last decision about an image: what it was decided on and how it ended. */
    public record LastDecision(long id, String runId, Long buildId, String action, String reason, String stateKey,
            String outcome, String outcomeMessage, Instant heartbeatAt) {
        /** What the decision concluded: a rebuild that found nothing new says so, others their reason. */
        public String conclusion() {
            return outcome.equals("unchanged") && outcomeMessage != null ? outcomeMessage : reason;
        }
    }

    /** The image's current build: its row id, number and lock. */
    public record CurrentBuild(long id, int number, String lockJson, Instant startedAt) {
    }

    /** Replaces the recorded base relations with {@code bases} (image name → base image name), in one transaction. */
    public void recordBases(Map<String, String> bases) throws CatalogException {
        db.transaction("record the base relations", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM image_bases")) {
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO image_bases (image_id, base_image_id, resolved_at) "
                    + "SELECT i.id, b.id, ? FROM images i, images b WHERE i.name = ? AND b.name = ?")) {
                for (Map.Entry<String, String> e : bases.entrySet()) {
                    s.setLong(1, clock.millis());
                    s.setString(2, e.getKey());
                    s.setString(3, e.getValue());
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Notes that {@code suite}'s InRelease is {@code sha256} now; true when the watcher had not seen it before. */
    public boolean seeRelease(String suite, String sha256, Instant releaseDate) throws CatalogException {
        return db.transaction("record the InRelease of " + suite, c -> {
            long now = clock.millis();
            try (PreparedStatement s = c.prepareStatement("UPDATE watch_releases SET last_seen_at = ? "
                    + "WHERE suite = ? AND inrelease_sha256 = ?")) {
                s.setLong(1, now);
                s.setString(2, suite);
                s.setString(3, sha256);
                if (s.executeUpdate() > 0) {
                    return false;
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO watch_releases (suite, inrelease_sha256, release_date, "
                    + "first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (suite, inrelease_sha256) DO NOTHING")) {
                s.setString(1, suite);
                s.setString(2, sha256);
                setNullable(s, 3, releaseDate == null ? null : releaseDate.toEpochMilli());
                s.setLong(4, now);
                s.setLong(5, now);
                return s.executeUpdate() > 0;
            }
        });
    }

    /**
     * When each candidate ({@code suite package architecture version}, space-separated) was first seen; those not
     * seen before are recorded as seen at {@code now}'s value for them.
     */
    public Map<String, Instant> seeCandidates(Map<String, Instant> now) throws CatalogException {
        return db.transaction("record " + now.size() + " candidate versions", c -> {
            Map<String, Instant> out = new java.util.HashMap<>();
            try (PreparedStatement add = c.prepareStatement("INSERT INTO watch_candidates (suite, package, architecture, "
                    + "version, seen_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (suite, package, architecture, version) DO NOTHING");
                    PreparedStatement read = c.prepareStatement("SELECT seen_at FROM watch_candidates WHERE suite = ? "
                            + "AND package = ? AND architecture = ? AND version = ?")) {
                for (Map.Entry<String, Instant> e : now.entrySet()) {
                    String[] k = e.getKey().split(" ", 4);
                    for (int i = 0; i < 4; i++) {
                        add.setString(i + 1, k[i]);
                        read.setString(i + 1, k[i]);
                    }
                    add.setLong(5, e.getValue().toEpochMilli());
                    add.executeUpdate();
                    try (ResultSet rs = read.executeQuery()) {
                        rs.next();
                        out.put(e.getKey(), Instant.ofEpochMilli(rs.getLong(1)));
                    }
                }
            }
            return out;
        });
    }

    public Optional<CurrentBuild> currentBuild(String image) throws CatalogException {
        return db.read("read the current build of " + image, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT b.id, b.number, b.lock_json, b.started_at FROM builds b "
                    + "JOIN images i ON i.current_build_id = b.id WHERE i.name = ?")) {
                s.setString(1, image);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new CurrentBuild(rs.getLong(1), rs.getInt(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)))) : Optional.<CurrentBuild>empty();
                }
            }
        });
    }

    public Optional<LastDecision> lastDecision(String image) throws CatalogException {
        return db.read("read the last decision about " + image, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT d.id, d.run_id, d.build_id, d.action, d.reason, "
                    + "d.state_key, d.outcome, d.outcome_message, d.heartbeat_at FROM watch_decisions d JOIN images i ON i.id = d.image_id WHERE i.name = ? "
                    + "ORDER BY d.id DESC LIMIT 1")) {
                s.setString(1, image);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<LastDecision>empty();
                    }
                    long build = rs.getLong(3);
                    Long buildId = rs.wasNull() ? null : build;
                    long beat = rs.getLong(9);
                    Instant heartbeat = rs.wasNull() ? null : Instant.ofEpochMilli(beat);
                    return Optional.of(new LastDecision(rs.getLong(1), rs.getString(2), buildId, rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), heartbeat));
                }
            }
        });
    }

    /**
     * Records one decision in one transaction: the decision row ({@code pending} for a rebuild, {@code none}
     * otherwise) and an open SLA clock for every CVE a rebuild is for, started when its fix was first seen.
     */
    public long recordDecision(String runId, Decision d, Long buildId, String stateKey) throws CatalogException {
        return db.transaction("record the decision about " + d.image(), c -> {
            long now = clock.millis();
            long imageId = imageId(c, d.image());
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO watch_decisions (run_id, image_id, build_id, "
                    + "decided_at, action, rule, reason, state_key, outcome, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "RETURNING id")) {
                s.setString(1, runId);
                s.setLong(2, imageId);
                setNullable(s, 3, buildId);
                s.setLong(4, now);
                s.setString(5, d.rebuild() ? "rebuild" : "no-rebuild");
                s.setString(6, d.why().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                s.setString(7, d.reason());
                s.setString(8, stateKey);
                s.setString(9, d.rebuild() ? "pending" : "none");
                setNullable(s, 10, d.rebuild() ? now : null);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            if (d.rebuild()) {
                openClocks(c, imageId, d.fixes(), now);
            }
            return id;
        });
    }

    private static void openClocks(Connection c, long imageId, List<Decision.Update> fixes, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO sla_clocks (image_id, vulnerability, source_package, "
                + "fixed_version, suite, fix_seen_at, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (image_id, vulnerability) DO NOTHING")) {
            for (Decision.Update u : fixes) {
                for (var f : u.fixes()) {
                    s.setLong(1, imageId);
                    s.setString(2, f.cve());
                    s.setString(3, u.source());
                    s.setString(4, f.fixedVersion().toString());
                    s.setString(5, u.suite());
                    s.setLong(6, Math.min(now, u.seenAt().toEpochMilli()));
                    s.setLong(7, now);
                    s.executeUpdate();
                }
            }
        }
    }

    /** Says that the watcher carrying out pending decision {@code id} is alive. */
    public void heartbeat(long id) throws CatalogException {
        db.transaction("record a heartbeat of decision " + id, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE watch_decisions SET heartbeat_at = ? WHERE id = ? AND outcome = 'pending'")) {
                s.setLong(1, clock.millis());
                s.setLong(2, id);
                s.executeUpdate();
            }
            return null;
        });
    }

    /**
     * How a rebuild ended; QUEUED: handed to the workers ({@code watch --enqueue}), whose own decision follows;
     * TAKEN_OVER: a worker's attempt stopped by the fence, the request's newer attempt publishes (its own decision).
     */
    public enum Outcome {
        PUBLISHED, UNCHANGED, FAILED, QUEUED, TAKEN_OVER;

        /** As recorded and shown: published, unchanged, failed, queued, taken-over. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Records how decision {@code id} ended, in one transaction: the outcome, an event for the image
     * ({@code rebuild.published}, {@code rebuild.unchanged}, {@code rebuild.failed} or {@code rebuild.queued}; none
     * for an attempt taken over: the image's rebuild is the newer attempt's, which records its own), and — when
     * published — the SLA clocks of {@code closed} CVEs stopped at the publication.
     */
    public void finish(long id, String image, Outcome outcome, Integer buildNumber, String message, List<String> closed)
            throws CatalogException {
        db.transaction("record how the rebuild of " + image + " ended", c -> {
            long now = clock.millis();
            long imageId = imageId(c, image);
            Long buildId = buildNumber == null ? null : buildId(c, imageId, buildNumber);
            try (PreparedStatement s = c.prepareStatement("UPDATE watch_decisions SET outcome = ?, outcome_build_id = ?, "
                    + "outcome_message = ?, finished_at = ? WHERE id = ?")) {
                s.setString(1, outcome.label());
                setNullable(s, 2, buildId);
                s.setString(3, message);
                s.setLong(4, now);
                s.setLong(5, id);
                s.executeUpdate();
            }
            if (outcome == Outcome.PUBLISHED) {
                try (PreparedStatement s = c.prepareStatement("UPDATE sla_clocks SET closed_at = ?, closed_build_id = ? "
                        + "WHERE image_id = ? AND vulnerability = ? AND closed_at IS NULL")) {
                    for (String cve : closed) {
                        s.setLong(1, now);
                        setNullable(s, 2, buildId);
                        s.setLong(3, imageId);
                        s.setString(4, cve);
                        s.executeUpdate();
                    }
                }
            }
            if (outcome == Outcome.TAKEN_OVER) {
                return null;
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO events (at, kind, image_id, build_id, message) VALUES (?, ?, ?, ?, ?)")) {
                s.setLong(1, now);
                s.setString(2, "rebuild." + outcome.label());
                s.setLong(3, imageId);
                setNullable(s, 4, buildId);
                s.setString(5, message);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** An open SLA clock: the CVE, its source package and the version that fixes it. */
    public record OpenClock(String cve, String sourcePackage, String fixedVersion) {
    }

    public List<OpenClock> openClocks(String image) throws CatalogException {
        return db.read("read the open SLA clocks of " + image, c -> {
            List<OpenClock> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT k.vulnerability, k.source_package, k.fixed_version "
                    + "FROM sla_clocks k JOIN images i ON i.id = k.image_id WHERE i.name = ? AND k.closed_at IS NULL "
                    + "ORDER BY k.vulnerability")) {
                s.setString(1, image);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OpenClock(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            return out;
        });
    }

    static long imageId(Connection c, String name) throws SQLException, CatalogException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM images WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new CatalogException(Kind.BAD_INPUT, "cannot find image " + name + " in the catalog; "
                            + "run 'bulwark catalog list' to see the catalogued images");
                }
                return rs.getLong(1);
            }
        }
    }

    private static long buildId(Connection c, long imageId, int number) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM builds WHERE image_id = ? AND number = ?")) {
            s.setLong(1, imageId);
            s.setInt(2, number);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("build " + number + " disappeared");
                }
                return rs.getLong(1);
            }
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
