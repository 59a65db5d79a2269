package dev.bulwark.server.dashboard;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet as the dashboard shows it, read with a handful of set queries (never one query per image), so the
 * page costs the same few round trips with ten images or thousands.
 */
final class FleetRows {
    /** One image's line: its current build and scan, open SLA clocks and its latest watch decision. */
    record ImageLine(String name, String updatePolicy, int build, long builtAt, long compressedBytes,
                     Severities scan, int openClocks, long oldestFixSeenAt, Decision decision) {
    }

    /** A planner decision about an image (watch_decisions). */
    record Decision(String image, long decidedAt, String action, String rule, String reason, String outcome,
                    String outcomeMessage) {
    }

    /** A point of the CVE history: a build of an image scanned at {@code at} with these counts. */
    record Scan(String image, long at, Severities counts) {
    }

    /** Everything the fleet page shows, read in one transaction. */
    record Fleet(List<ImageLine> images, List<Decision> rebuildDecisions, Table rebuildRequests, List<Scan> history) {
    }

    private FleetRows() {
    }

    /** The fleet, its CVE history from {@code historySince} (epoch milliseconds) on. */
    static Fleet read(CatalogDatabase db, long historySince) throws CatalogException {
        return db.read("read the fleet", c -> {
            Map<String, long[]> clocks = openClocks(c, null);
            Map<String, Decision> latest = new HashMap<>();
            for (Decision d : decisions(c, "w.id IN (SELECT MAX(id) FROM watch_decisions GROUP BY image_id)", null, 0)) {
                latest.put(d.image(), d);
            }
            List<ImageLine> images = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT i.name, i.update_policy, b.number, b.started_at, "
                    + "b.compressed_bytes, s.critical, s.high, s.medium, s.low, s.negligible, s.unknown FROM images i "
                    + "LEFT JOIN builds b ON b.id = i.current_build_id LEFT JOIN build_scans s ON s.build_id = b.id "
                    + "ORDER BY i.name"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    long[] open = clocks.getOrDefault(name, new long[] {0, 0});
                    images.add(new ImageLine(name, rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5),
                            Severities.read(rs, 6), (int) open[0], open[1], latest.get(name)));
                }
            }
            List<Decision> rebuilds = decisions(c, "w.action = 'rebuild'", null, 20);
            return new Fleet(images, rebuilds, rebuildRequests(c, null, 50), history(c, null, historySince));
        });
    }

    /** Per image: the number of open SLA clocks and the earliest fix among them ({@code image} null: every image). */
    static Map<String, long[]> openClocks(Connection c, String image) throws SQLException {
        Map<String, long[]> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT i.name, COUNT(*), MIN(k.fix_seen_at) FROM sla_clocks k "
                + "JOIN images i ON i.id = k.image_id WHERE k.closed_at IS NULL" + (image == null ? "" : " AND i.name = ?")
                + " GROUP BY i.name")) {
            if (image != null) {
                s.setString(1, image);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return out;
    }

    /** Decisions matching {@code where}, newest first, at most {@code limit} (0: all); of one image when given. */
    static List<Decision> decisions(Connection c, String where, String image, int limit) throws SQLException {
        List<Decision> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT i.name, w.decided_at, w.action, w.rule, w.reason, "
                + "w.outcome, w.outcome_message FROM watch_decisions w JOIN images i ON i.id = w.image_id WHERE " + where
                + (image == null ? "" : " AND i.name = ?") + " ORDER BY w.id DESC" + (limit > 0 ? " LIMIT " + limit : ""))) {
            if (image != null) {
                s.setString(1, image);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Decision(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return out;
    }

    /**
     * What the dashboard shows of a rebuild request, by name: a column added to rebuild_requests later stays off the
     * page until it is listed here. Builds are shown by number, and the latest line of the request's log (the
     * template escapes every cell).
     */
    private static final String REQUEST_COLUMNS = "r.id AS request, i.name AS image, r.state, r.source, r.reason, "
            + "r.requested_by, r.requested_at, r.started_at, r.finished_at, r.worker, r.attempts, fb.number AS from_build, "
            + "r.outcome, ob.number AS built, r.message, (SELECT l.line FROM rebuild_log l WHERE l.request_id = r.id "
            + "ORDER BY l.seq DESC LIMIT 1) AS last_log_line";

    /** The rebuild requests, newest first, at most {@code limit}; of one image when given. */
    static Table rebuildRequests(Connection c, String image, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + REQUEST_COLUMNS + " FROM rebuild_requests r "
                + "JOIN images i ON i.id = r.image_id LEFT JOIN builds fb ON fb.id = r.from_build_id "
                + "LEFT JOIN builds ob ON ob.id = r.outcome_build_id" + (image == null ? "" : " WHERE i.name = ?")
                + " ORDER BY r.id DESC LIMIT " + limit)) {
            if (image != null) {
                s.setString(1, image);
            }
            try (ResultSet rs = s.executeQuery()) {
                return Table.of(rs);
            }
        }
    }

    /**
     * The scanned builds' counts from {@code since} on, oldest first ({@code image} null: of every image). Each image
     * also has its last scan before {@code since} (the latest build by id), moved to {@code since}, so counts at the
     * window's start are right; older builds are not read at all.
     */
    static List<Scan> history(Connection c, String image, long since) throws SQLException {
        String one = image == null ? "" : " AND i.name = ?";
        List<Scan> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT i.name, b.started_at, s.critical, s.high, s.medium, s.low, "
                + "s.negligible, s.unknown FROM builds b JOIN images i ON i.id = b.image_id JOIN build_scans s "
                + "ON s.build_id = b.id WHERE (b.started_at >= ? OR b.id IN (SELECT MAX(ob.id) FROM builds ob "
                + "JOIN build_scans os ON os.build_id = ob.id WHERE ob.started_at < ? GROUP BY ob.image_id))" + one
                + " ORDER BY b.started_at, b.id")) {
            s.setLong(1, since);
            s.setLong(2, since);
            if (image != null) {
                s.setString(3, image);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Scan(rs.getString(1), Math.max(since, rs.getLong(2)), Severities.read(rs, 3)));
                }
            }
        }
        return out;
    }
}
