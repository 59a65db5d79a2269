package dev.bulwark.catalog.store;

import dev.bulwark.catalog.model.ImageDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/** SQL over {@code images} and {@code publish_targets}. */
final class ImageRows {
    static final String COLUMNS = "i.id, i.name, i.spec_path, i.spec_sha256, i.spec_text, i.distribution, i.base_ref, "
            + "i.archs, i.update_policy, i.created_at, i.updated_at, i.current_build_id";

    private ImageRows() {
    }

    /** The image's row id, when catalogued. */
    static OptionalLong id(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM images WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    static long insert(Connection c, ImageDefinition d, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO images (name, spec_path, spec_sha256, spec_text, "
                + "distribution, base_ref, archs, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            s.setString(1, d.name());
            s.setString(2, d.specPath());
            s.setString(3, d.specSha256());
            s.setString(4, d.specText());
            s.setString(5, d.distribution());
            s.setString(6, d.baseRef());
            s.setString(7, String.join(" ", d.archs()));
            s.setLong(8, now);
            s.setLong(9, now);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void update(Connection c, long id, ImageDefinition d, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE images SET spec_path = ?, spec_sha256 = ?, spec_text = ?, "
                + "distribution = ?, base_ref = ?, archs = ?, updated_at = ? WHERE id = ?")) {
            s.setString(1, d.specPath());
            s.setString(2, d.specSha256());
            s.setString(3, d.specText());
            s.setString(4, d.distribution());
            s.setString(5, d.baseRef());
            s.setString(6, String.join(" ", d.archs()));
            s.setLong(7, now);
            s.setLong(8, id);
            s.executeUpdate();
        }
    }

    static void replaceTargets(Connection c, long id, List<String> targets) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM publish_targets WHERE image_id = ?")) {
            s.setLong(1, id);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO publish_targets (image_id, position, reference) VALUES (?, ?, ?)")) {
            for (int i = 0; i < targets.size(); i++) {
                s.setLong(1, id);
                s.setInt(2, i);
                s.setString(3, targets.get(i));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    static List<String> targets(Connection c, long id) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT reference FROM publish_targets WHERE image_id = ? ORDER BY position")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Takes the image's row lock (PostgreSQL; SQLite's writer holds the database lock already) and returns the
     * number of its next build.
     */
    static int nextBuildNumber(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE images SET build_count = build_count + 1 WHERE id = ? RETURNING build_count")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Takes the image's row lock (a no-op update) so concurrent releases of one image are ordered. */
    static void lock(Connection c, long id, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE images SET build_count = build_count WHERE id = ?")) {
            s.setLong(1, id);
            s.executeUpdate();
        }
    }

    /** Makes {@code buildId} the image's current build, and its packages the image's rows of current_packages. */
    static void setCurrent(Connection c, long id, long buildId, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE images SET current_build_id = ?, updated_at = ? WHERE id = ?");
                PreparedStatement clear = c.prepareStatement("DELETE FROM current_packages WHERE image_id = ?");
                PreparedStatement fill = c.prepareStatement("INSERT INTO current_packages (package_id, image_name, "
                        + "arch, build_number, image_id) SELECT bp.package_id, i.name, bp.arch, b.number, i.id "
                        + "FROM builds b JOIN images i ON i.id = b.image_id JOIN build_packages bp ON bp.build_id = b.id "
                        + "WHERE b.id = ? AND i.id = ?")) {
            s.setLong(1, buildId);
            s.setLong(2, now);
            s.setLong(3, id);
            s.executeUpdate();
            clear.setLong(1, id);
            clear.executeUpdate();
            fill.setLong(1, buildId);
            fill.setLong(2, id);
            fill.executeUpdate();
        }
    }

    /** One row of {@link #COLUMNS} as a definition (publish targets read separately). */
    static ImageDefinition definition(ResultSet rs, List<String> targets) throws SQLException {
        return new ImageDefinition(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), Arrays.asList(rs.getString(8).split(" ")), targets);
    }
}
