package dev.bulwark.server.dashboard;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Finding counts by severity, as a build's scan recorded them; {@code other} is negligible plus unknown. */
record Severities(int critical, int high, int medium, int low, int other) {
    static final Severities NONE = new Severities(0, 0, 0, 0, 0);

    /** Six columns from {@code first}: critical, high, medium, low, negligible, unknown (null when not scanned). */
    static Severities read(ResultSet rs, int first) throws SQLException {
        int critical = rs.getInt(first);
        if (rs.wasNull()) {
            return null;
        }
        return new Severities(critical, rs.getInt(first + 1), rs.getInt(first + 2), rs.getInt(first + 3),
                rs.getInt(first + 4) + rs.getInt(first + 5));
    }

    Severities plus(Severities o) {
        return new Severities(critical + o.critical, high + o.high, medium + o.medium, low + o.low, other + o.other);
    }

    Severities minus(Severities o) {
        return new Severities(critical - o.critical, high - o.high, medium - o.medium, low - o.low, other - o.other);
    }

    int total() {
        return critical + high + medium + low + other;
    }

    int[] asArray() {
        return new int[] {critical, high, medium, low, other};
    }
}
