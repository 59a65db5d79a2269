package dev.bulwark.catalog.sla;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads the SLA clocks the watcher keeps (schema V20) and makes the report. */
public final class SlaClocks {
    private SlaClocks() {
    }

    /** Every clock, or those of {@code image} when not null, in one consistent read. */
    public static List<SlaClock> read(CatalogDatabase db, String image) throws CatalogException {
        return db.read("read the SLA clocks", c -> {
            List<SlaClock> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT i.name, k.vulnerability, k.source_package, "
                    + "k.fixed_version, k.suite, k.fix_seen_at, k.closed_at, b.number FROM sla_clocks k "
                    + "JOIN images i ON i.id = k.image_id LEFT JOIN builds b ON b.id = k.closed_build_id "
                    + (image == null ? "" : "WHERE i.name = ? ") + "ORDER BY i.name, k.fix_seen_at, k.vulnerability")) {
                if (image != null) {
                    s.setString(1, image);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long closed = rs.getLong(7);
                        Instant closedAt = rs.wasNull() ? null : Instant.ofEpochMilli(closed);
                        int build = rs.getInt(8);
                        out.add(new SlaClock(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), closedAt, rs.wasNull() ? null : build));
                    }
                }
            }
            return out;
        });
    }

    public static SlaReport report(CatalogDatabase db, String image, Duration target, Instant at) throws CatalogException {
        return SlaReport.of(read(db, image), target, at);
    }
}
