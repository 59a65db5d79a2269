package dev.bulwark.server.api;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.StringJoiner;

/**
 * A fingerprint of what the image list, the fleet's vulnerabilities, the costs and the feeds show, read with one
 * cheap query: it changes whenever an image, build, scan, publish target, release, VEX status or event is added or
 * an image is updated (recording VEX status or a rollback adds an event too). The list of 1,000 images costs
 * thousands of row reads to render; the fingerprint costs a few index look-ups, so what was rendered is reused
 * while it holds.
 */
final class CatalogVersion {
    private static final String QUERY = "SELECT (SELECT COALESCE(MAX(id), 0) FROM events), "
            + "(SELECT COUNT(*) FROM images), (SELECT COALESCE(MAX(updated_at), 0) FROM images), "
            + "(SELECT COALESCE(MAX(id), 0) FROM builds), (SELECT COUNT(*) FROM build_scans), "
            + "(SELECT COALESCE(MAX(scanned_at), 0) FROM build_scans), (SELECT COUNT(*) FROM publish_targets), "
            + "(SELECT COUNT(*) FROM publications), (SELECT COUNT(*) FROM releases), (SELECT COUNT(*) FROM build_vex)";

    private CatalogVersion() {
    }

    static String of(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
            rs.next();
            StringJoiner out = new StringJoiner("/");
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.add(Long.toString(rs.getLong(i)));
            }
            return out.toString();
        }
    }
}
