package dev.bulwark.catalog.worker;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * The job engine's SQL dialect on SQLite: times as epoch milliseconds (the catalog's convention, and comparable as
 * numbers), {@code LIMIT n}. Polling there is optimistic (select due jobs, then take each by its version), which
 * needs no row locks; SQLite has one writer at a time anyway.
 */
final class SqliteJobs extends DefaultJdbcCustomization {
    SqliteJobs() {
        super(false);
    }

    @Override
    public void setInstant(PreparedStatement p, int index, Instant value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.BIGINT);
        } else {
            p.setLong(index, value.toEpochMilli());
        }
    }

    @Override
    public Instant getInstant(ResultSet rs, String columnName) throws SQLException {
        long v = rs.getLong(columnName);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    @Override
    public String getQueryLimitPart(int limit) {
        return " LIMIT " + limit;
    }

    @Override
    public String getName() {
        return "SQLite";
    }
}
