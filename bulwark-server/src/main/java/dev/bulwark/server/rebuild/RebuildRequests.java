package dev.bulwark.server.rebuild;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalog's {@code rebuild_requests} table: "rebuild this image now", recorded in the same transaction as the
 * event that says who asked, for a worker to take later.
 */
public final class RebuildRequests {
    private static final String SELECT = "SELECT r.id, i.name, r.reason, r.requested_by, r.requested_at, r.state "
            + "FROM rebuild_requests r JOIN images i ON i.id = r.image_id ";

    private final CatalogDatabase db;
    private final Clock clock;

    public RebuildRequests(CatalogDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Queues a rebuild of {@code image}; empty when the image is not catalogued. */
    public Optional<RebuildRequest> enqueue(String image, String reason, String requestedBy) throws CatalogException {
        return db.transaction("queue a rebuild of " + image, c -> {
            Long imageId = imageId(c, image);
            if (imageId == null) {
                return Optional.<RebuildRequest>empty();
            }
            long now = clock.millis();
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO rebuild_requests (image_id, reason, requested_by, "
                    + "requested_at) VALUES (?, ?, ?, ?) RETURNING id")) {
                s.setLong(1, imageId);
                s.setString(2, reason);
                s.setString(3, requestedBy);
                s.setLong(4, now);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO events (at, kind, image_id, build_id, message) VALUES (?, ?, ?, NULL, ?)")) {
                s.setLong(1, now);
                s.setString(2, "rebuild.requested");
                s.setLong(3, imageId);
                s.setString(4, "rebuild " + id + " requested by " + requestedBy + ": " + reason);
                s.executeUpdate();
            }
            return Optional.of(new RebuildRequest(id, image, reason, requestedBy, Instant.ofEpochMilli(now), "queued"));
        });
    }

    public Optional<RebuildRequest> get(long id) throws CatalogException {
        return db.read("read rebuild request " + id, c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE r.id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(request(rs)) : Optional.<RebuildRequest>empty();
                }
            }
        });
    }

    /** The requests still waiting for a worker, oldest first. */
    public List<RebuildRequest> queued() throws CatalogException {
        return db.read("list the queued rebuilds", c -> {
            List<RebuildRequest> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE r.state = 'queued' ORDER BY r.id");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(request(rs));
                }
            }
            return out;
        });
    }

    private static Long imageId(Connection c, String image) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM images WHERE name = ?")) {
            s.setString(1, image);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static RebuildRequest request(ResultSet rs) throws SQLException {
        return new RebuildRequest(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6));
    }
}
