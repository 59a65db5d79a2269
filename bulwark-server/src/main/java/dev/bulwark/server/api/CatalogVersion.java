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

    /**
     * On PostgreSQL the counts and maxima alone can miss a write: ids and times are taken when a row is inserted, not
     * when it commits, so a transaction that commits after a later one (same row count, a lower id) changes none of
     * them. The snapshot (xmin:xmax:in-progress ids) changes with every commit, so it closes that gap; it also changes
     * with other writers of the same cluster, which only costs a render.
     */
    private static final String POSTGRES_QUERY = QUERY + ", pg_current_snapshot()::text";

    private CatalogVersion() {
    }

    static String of(Connection c) throws SQLException {
        boolean postgres = c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(postgres ? POSTGRES_QUERY : QUERY)) {
            rs.next();
            StringJoiner out = new StringJoiner("/");
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.add(rs.getString(i));
            }
            return out.toString();
        }
    }
}
