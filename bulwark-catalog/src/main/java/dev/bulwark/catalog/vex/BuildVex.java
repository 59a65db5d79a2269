package dev.bulwark.catalog.vex;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.core.BulwarkException.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The VEX status of one build's findings ({@code build_vex} beside {@code build_findings}): recorded once the
 * build's scan has applied its VEX documents, read back as one list of findings, the suppressed ones included.
 */
public final class BuildVex {
    /** A build's findings with their VEX status; {@code scanned} false when the build has no scan recorded. */
    public record Findings(String image, int build, boolean scanned, List<VexFinding> findings) {
        public Findings {
            findings = List.copyOf(findings);
        }
    }

    private static final String FINDINGS = "SELECT f.vulnerability, f.package, f.installed_version, f.fixed_version, "
            + "f.severity, v.status, v.justification, v.statement, v.document FROM build_findings f "
            + "LEFT JOIN build_vex v ON v.build_id = f.build_id AND v.vulnerability = f.vulnerability "
            + "AND v.package = f.package WHERE f.build_id = ? "
            + "UNION ALL SELECT v.vulnerability, v.package, v.installed_version, v.fixed_version, v.severity, v.status, "
            + "v.justification, v.statement, v.document FROM build_vex v WHERE v.build_id = ? AND NOT EXISTS "
            + "(SELECT 1 FROM build_findings f WHERE f.build_id = v.build_id AND f.vulnerability = v.vulnerability "
            + "AND f.package = v.package) ORDER BY 1, 2";

    private final CatalogDatabase db;
    private final Clock clock;

    public BuildVex(CatalogDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Records what VEX said about build {@code number} of {@code image}: every finding with a status (a finding
     * without one is already in the scan's findings). Replaces what was recorded for the build before, and says
     * so in the image's events.
     */
    public void record(String image, int number, List<VexFinding> findings) throws CatalogException {
        db.transaction("record the VEX status of build " + number + " of " + image, c -> {
            insert(c, buildId(c, image, number), findings, clock.millis());
            return null;
        });
    }

    /**
     * Records, in the caller's transaction, what VEX said about the findings of the build with row id
     * {@code buildId} (as {@link #record}); {@code Catalog.recordBuild} calls it with the build's scan rows.
     */
    public static void insert(Connection c, long id, List<VexFinding> findings, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM build_vex WHERE build_id = ?")) {
            s.setLong(1, id);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO build_vex (build_id, vulnerability, package, "
                + "installed_version, fixed_version, severity, status, justification, statement, document) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (VexFinding f : findings) {
                if (f.status() == null) {
                    continue;
                }
                s.setLong(1, id);
                s.setString(2, f.vulnerability());
                s.setString(3, f.packageName());
                s.setString(4, f.installedVersion());
                if (f.fixedVersion() == null) {
                    s.setNull(5, Types.VARCHAR);
                } else {
                    s.setString(5, f.fixedVersion());
                }
                s.setString(6, f.severity());
                s.setString(7, f.status());
                s.setString(8, f.justification());
                s.setString(9, f.statement());
                s.setString(10, f.document());
                s.addBatch();
            }
            s.executeBatch();
        }
        long stated = findings.stream().filter(f -> f.status() != null).count();
        long suppressed = findings.stream().filter(VexFinding::suppressed).count();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO events (at, kind, image_id, build_id, message) "
                + "SELECT ?, 'vex.recorded', image_id, id, ? FROM builds WHERE id = ?")) {
            s.setLong(1, now);
            s.setString(2, "VEX status recorded for " + stated + " finding(s), " + suppressed + " suppressed");
            s.setLong(3, id);
            s.executeUpdate();
        }
    }

    /** Build {@code number} (0: the newest) of {@code image}: its findings and suppressed findings, by id. */
    public Findings read(String image, int number) throws CatalogException {
        return db.read("read the vulnerabilities of " + image, c -> {
            long id = buildId(c, image, number);
            int shown = number;
            boolean scanned;
            try (PreparedStatement s = c.prepareStatement("SELECT b.number, (SELECT COUNT(*) FROM build_scans x "
                    + "WHERE x.build_id = b.id) FROM builds b WHERE b.id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    shown = rs.getInt(1);
                    scanned = rs.getInt(2) > 0;
                }
            }
            List<VexFinding> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(FINDINGS)) {
                s.setLong(1, id);
                s.setLong(2, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(finding(rs, 1));
                    }
                }
            }
            return new Findings(image, shown, scanned, out);
        });
    }

    /** A finding from 9 columns starting at {@code at}: vulnerability, package, versions, severity, VEX. */
    static VexFinding finding(ResultSet rs, int at) throws SQLException {
        return new VexFinding(rs.getString(at), rs.getString(at + 1), rs.getString(at + 2), rs.getString(at + 3),
                rs.getString(at + 4), rs.getString(at + 5), rs.getString(at + 6), rs.getString(at + 7),
                rs.getString(at + 8));
    }

    /** The id of build {@code number} (0: the newest) of {@code image}; BAD_INPUT when there is none. */
    static long buildId(Connection c, String image, int number) throws SQLException, CatalogException {
        String sql = number == 0 ? "SELECT i.id, i.current_build_id FROM images i WHERE i.name = ?"
                : "SELECT i.id, (SELECT b.id FROM builds b WHERE b.image_id = i.id AND b.number = ?) FROM images i "
                        + "WHERE i.name = ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (number == 0) {
                s.setString(1, image);
            } else {
                s.setInt(1, number);
                s.setString(2, image);
            }
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new CatalogException(Kind.BAD_INPUT, "cannot find image " + image + " in the catalog: it is "
                            + "not catalogued; 'bulwark catalog list' shows what is");
                }
                long id = rs.getLong(2);
                if (rs.wasNull()) {
                    throw new CatalogException(Kind.BAD_INPUT, number == 0 ? "cannot read the builds of " + image
                            + ": it has none yet" : "cannot read build " + number + " of " + image + ": no such build;"
                            + " 'bulwark catalog history " + image + "' lists them");
                }
                return id;
            }
        }
    }
}
