package dev.bulwark.catalog.store;

import dev.bulwark.catalog.model.BuildDiff;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.release.Release;
import dev.bulwark.core.Sha256;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** SQL over {@code releases}: each time an image's tags took a build, and what that release announced. */
final class ReleaseRows {
    private static final String SELECT = "SELECT r.id, r.event_id, r.kind, r.build_id, r.from_build_id, r.at "
            + "FROM releases r ";

    private ReleaseRows() {
    }

    /**
     * Records that the image's tags took build {@code buildId} (the caller holds the image's row lock) and returns
     * the release as announced: what changed since the build of the image's previous release.
     */
    static Release record(Connection c, Release.Kind kind, long imageId, long buildId, long now) throws SQLException {
        long from = lastReleasedBuild(c, imageId);
        int sequence = count(c, imageId);
        BuildSummary to = BuildRows.summary(c, buildId);
        String eventId = "rel_" + Sha256.key(to.image(), kind.label(), Integer.toString(to.number()),
                Long.toString(now), Integer.toString(sequence)).substring(0, 32);
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO releases (event_id, kind, image_id, build_id, "
                + "from_build_id, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
            s.setString(1, eventId);
            s.setString(2, kind.label());
            s.setLong(3, imageId);
            s.setLong(4, buildId);
            if (from < 0) {
                s.setNull(5, Types.BIGINT);
            } else {
                s.setLong(5, from);
            }
            s.setLong(6, now);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        return read(c, id);
    }

    /** Releases newest first: of one image (its row id) or, with {@code imageId} null, of every image. */
    static List<Release> list(Connection c, Long imageId, int limit) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT r.id FROM releases r "
                + (imageId == null ? "" : "WHERE r.image_id = ? ") + "ORDER BY r.at DESC, r.id DESC")) {
            if (imageId != null) {
                s.setLong(1, imageId);
            }
            s.setMaxRows(limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        List<Release> out = new ArrayList<>();
        for (long id : ids) {
            out.add(read(c, id));
        }
        return out;
    }

    static Release read(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + "WHERE r.id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("release row " + id + " disappeared");
                }
                long fromId = rs.getLong(5);
                boolean first = rs.wasNull();
                return release(c, rs.getString(2), Release.Kind.ofLabel(rs.getString(3)), rs.getLong(4),
                        first ? -1 : fromId, Instant.ofEpochMilli(rs.getLong(6)));
            }
        }
    }

    private static Release release(Connection c, String eventId, Release.Kind kind, long buildId, long fromId,
            Instant at) throws SQLException {
        BuildSummary to = BuildRows.summary(c, buildId);
        int fromNumber = 0;
        List<BuildDiff.PackageChange> changes = List.of();
        List<Vulnerability> fixed = List.of();
        if (fromId >= 0) {
            BuildSummary from = BuildRows.summary(c, fromId);
            fromNumber = from.number();
            BuildDiff diff = Diffs.between(to.image(), from, to, PackageRows.ofBuild(c, fromId),
                    PackageRows.ofBuild(c, buildId), BuildRows.findings(c, fromId), BuildRows.findings(c, buildId));
            changes = diff.packages();
            fixed = diff.fixed();
        }
        List<Publication> references = new ArrayList<>();
        for (Publication p : PublicationRows.ofImage(c, imageOf(c, buildId))) {
            if (p.build() == to.number()) {
                references.add(p);
            }
        }
        return new Release(eventId, kind, to.image(), to.number(), fromNumber, at, to.reason(), to.digest(),
                to.platforms(), to.packageCount(), changes, fixed, references, to.attestations());
    }

    /** The build of the image's newest release, or -1 before its first. */
    private static long lastReleasedBuild(Connection c, long imageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT build_id FROM releases WHERE image_id = ? ORDER BY at DESC, id DESC")) {
            s.setLong(1, imageId);
            s.setMaxRows(1);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private static int count(Connection c, long imageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM releases WHERE image_id = ?")) {
            s.setLong(1, imageId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static long imageOf(Connection c, long buildId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT image_id FROM builds WHERE id = ?")) {
            s.setLong(1, buildId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
