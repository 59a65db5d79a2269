package dev.bulwark.catalog.store;

import dev.bulwark.catalog.model.CatalogEvent;
import dev.bulwark.catalog.model.Publication;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** SQL over {@code publications} (with the history of moving tags) and {@code events}. */
final class PublicationRows {
    private PublicationRows() {
    }

    /** Records where build {@code buildId} went; a moving reference closes the row of the build it replaces. */
    static void insert(Connection c, long imageId, long buildId, List<Publication> publications, long now)
            throws SQLException {
        try (PreparedStatement close = c.prepareStatement("UPDATE publications SET replaced_at = ? "
                + "WHERE reference = ? AND replaced_at IS NULL AND kind <> 'immutable'");
                PreparedStatement add = c.prepareStatement("INSERT INTO publications (image_id, build_id, reference, "
                        + "digest, kind, published_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Publication p : publications) {
                if (p.kind() != Publication.Kind.IMMUTABLE) {
                    close.setLong(1, now);
                    close.setString(2, p.reference());
                    close.executeUpdate();
                }
                add.setLong(1, imageId);
                add.setLong(2, buildId);
                add.setString(3, p.reference());
                add.setString(4, p.digest());
                add.setString(5, p.kind().name().toLowerCase(Locale.ROOT));
                add.setLong(6, p.publishedAt().toEpochMilli());
                add.executeUpdate();
            }
        }
    }

    /** Every publication of the image, newest first. */
    static List<Publication> ofImage(Connection c, long imageId) throws SQLException {
        List<Publication> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT p.reference, p.digest, p.kind, b.number, p.published_at, "
                + "p.replaced_at FROM publications p JOIN builds b ON b.id = p.build_id WHERE p.image_id = ? "
                + "ORDER BY p.published_at DESC, p.id DESC")) {
            s.setLong(1, imageId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long replaced = rs.getLong(6);
                    Instant replacedAt = rs.wasNull() ? null : Instant.ofEpochMilli(replaced);
                    out.add(new Publication(rs.getString(1), rs.getString(2),
                            Publication.Kind.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)), rs.getInt(4),
                            Instant.ofEpochMilli(rs.getLong(5)), replacedAt));
                }
            }
        }
        return out;
    }

    static void event(Connection c, long at, String kind, Long imageId, Long buildId, String message)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO events (at, kind, image_id, build_id, message) VALUES (?, ?, ?, ?, ?)")) {
            s.setLong(1, at);
            s.setString(2, kind);
            setNullable(s, 3, imageId);
            setNullable(s, 4, buildId);
            s.setString(5, message);
            s.executeUpdate();
        }
    }

    static List<CatalogEvent> events(Connection c, long imageId) throws SQLException {
        List<CatalogEvent> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT e.at, e.kind, i.name, b.number, e.message FROM events e "
                + "LEFT JOIN images i ON i.id = e.image_id LEFT JOIN builds b ON b.id = e.build_id "
                + "WHERE e.image_id = ? ORDER BY e.at, e.id")) {
            s.setLong(1, imageId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new CatalogEvent(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                            rs.getInt(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    private static void setNullable(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }
}
