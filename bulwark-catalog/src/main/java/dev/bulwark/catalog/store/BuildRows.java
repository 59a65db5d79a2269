package dev.bulwark.catalog.store;

import dev.bulwark.catalog.costs.BuildCost;
import dev.bulwark.catalog.model.Attestation;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.NewBuild;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.ScanSummary;
import dev.bulwark.catalog.model.Vulnerability;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** SQL over {@code builds} and what hangs off a build: platforms, attestations, scan, findings. */
final class BuildRows {
    private static final String SUMMARY = "SELECT b.id, i.name, b.number, b.reason, b.started_at, b.duration_ms, "
            + "b.spec_sha256, b.lock_sha256, b.source_date_epoch, b.index_digest, b.compressed_bytes, b.package_bytes, "
            + "(SELECT COUNT(*) FROM build_packages bp WHERE bp.build_id = b.id) FROM builds b "
            + "JOIN images i ON i.id = b.image_id ";

    private BuildRows() {
    }

    static long insert(Connection c, long imageId, int number, NewBuild b) throws SQLException {
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO builds (image_id, number, reason, spec_sha256, "
                + "lock_sha256, lock_json, source_date_epoch, index_digest, compressed_bytes, package_bytes, started_at, "
                + "duration_ms, pushed_bytes, rebuild_request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "RETURNING id")) {
            s.setLong(1, imageId);
            s.setInt(2, number);
            s.setString(3, b.reason());
            s.setString(4, b.specSha256());
            s.setString(5, b.lockSha256());
            s.setString(6, b.lockJson());
            s.setLong(7, b.sourceDateEpoch());
            s.setString(8, b.indexDigest());
            s.setLong(9, b.compressedBytes());
            s.setLong(10, b.packageBytes());
            s.setLong(11, b.startedAt().toEpochMilli());
            s.setLong(12, b.duration().toMillis());
            s.setLong(13, b.pushedBytes());
            if (b.rebuildRequestId() == null) {
                s.setNull(14, java.sql.Types.BIGINT);
            } else {
                s.setLong(14, b.rebuildRequestId());
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        insertPlatforms(c, id, b.platforms());
        insertAttestations(c, id, b.attestations());
        if (b.scan() != null) {
            insertScan(c, id, b.scan(), b.findings());
        }
        return id;
    }

    private static void insertPlatforms(Connection c, long id, List<PlatformBuild> platforms) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO build_platforms (build_id, arch, platform, "
                + "manifest_digest, config_digest, layers, compressed_bytes) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (PlatformBuild p : platforms) {
                s.setLong(1, id);
                s.setString(2, p.arch());
                s.setString(3, p.platform());
                s.setString(4, p.manifestDigest());
                s.setString(5, p.configDigest());
                s.setInt(6, p.layers());
                s.setLong(7, p.compressedBytes());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void insertAttestations(Connection c, long id, List<Attestation> attestations) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO build_attestations (build_id, kind, arch, digest) VALUES (?, ?, ?, ?)")) {
            for (Attestation a : attestations) {
                s.setLong(1, id);
                s.setString(2, a.kind());
                s.setString(3, a.arch());
                s.setString(4, a.digest());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void insertScan(Connection c, long id, ScanSummary scan, List<Vulnerability> findings)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO build_scans (build_id, source, scanned_at, critical, "
                + "high, medium, low, negligible, unknown) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, id);
            s.setString(2, scan.source());
            s.setLong(3, scan.scannedAt().toEpochMilli());
            int[] counts = {scan.critical(), scan.high(), scan.medium(), scan.low(), scan.negligible(), scan.unknown()};
            for (int i = 0; i < counts.length; i++) {
                s.setInt(4 + i, counts[i]);
            }
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO build_findings (build_id, vulnerability, package, "
                + "installed_version, fixed_version, severity) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Vulnerability v : findings) {
                s.setLong(1, id);
                s.setString(2, v.id());
                s.setString(3, v.packageName());
                s.setString(4, v.installedVersion());
                s.setString(5, v.fixedVersion());
                s.setString(6, v.severity());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Build row ids and summaries of one image, newest first. */
    static List<Long> ids(Connection c, long imageId) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM builds WHERE image_id = ? ORDER BY number DESC")) {
            s.setLong(1, imageId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** The row id of build {@code number} of the image, or -1. */
    static long id(Connection c, long imageId, int number) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM builds WHERE image_id = ? AND number = ?")) {
            s.setLong(1, imageId);
            s.setInt(2, number);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    static BuildSummary summary(Connection c, long buildId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SUMMARY + "WHERE b.id = ?")) {
            s.setLong(1, buildId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("build row " + buildId + " disappeared");
                }
                return new BuildSummary(rs.getString(2), rs.getInt(3), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)), Duration.ofMillis(rs.getLong(6)), rs.getString(7),
                        rs.getString(8), rs.getLong(9), rs.getString(10), rs.getLong(11), rs.getLong(12), rs.getInt(13),
                        platforms(c, buildId), attestations(c, buildId), scan(c, buildId));
            }
        }
    }

    private static List<PlatformBuild> platforms(Connection c, long buildId) throws SQLException {
        List<PlatformBuild> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT arch, platform, manifest_digest, config_digest, layers, "
                + "compressed_bytes FROM build_platforms WHERE build_id = ? ORDER BY arch")) {
            s.setLong(1, buildId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new PlatformBuild(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getLong(6)));
                }
            }
        }
        return out;
    }

    private static List<Attestation> attestations(Connection c, long buildId) throws SQLException {
        List<Attestation> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT kind, arch, digest FROM build_attestations WHERE build_id = ? ORDER BY kind, arch")) {
            s.setLong(1, buildId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Attestation(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    private static ScanSummary scan(Connection c, long buildId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT source, scanned_at, critical, high, medium, low, negligible, "
                + "unknown FROM build_scans WHERE build_id = ?")) {
            s.setLong(1, buildId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new ScanSummary(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getInt(3),
                        rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8)) : null;
            }
        }
    }

    static List<Vulnerability> findings(Connection c, long buildId) throws SQLException {
        List<Vulnerability> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT vulnerability, package, installed_version, fixed_version, "
                + "severity FROM build_findings WHERE build_id = ? ORDER BY vulnerability, package")) {
            s.setLong(1, buildId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Vulnerability(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** Builds started at or after {@code since} (epoch ms), oldest first, with their costs. */
    static List<BuildCost> costs(Connection c, long since) throws SQLException {
        List<BuildCost> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT i.name, b.number, b.started_at, b.duration_ms, "
                + "b.compressed_bytes, b.pushed_bytes FROM builds b JOIN images i ON i.id = b.image_id "
                + "WHERE b.started_at >= ? ORDER BY b.started_at, b.id")) {
            s.setLong(1, since);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long pushed = rs.getLong(6);
                    out.add(new BuildCost(rs.getString(1), rs.getInt(2), Instant.ofEpochMilli(rs.getLong(3)),
                            Duration.ofMillis(rs.getLong(4)), rs.getLong(5), rs.wasNull() ? -1 : pushed));
                }
            }
        }
        return out;
    }
}
