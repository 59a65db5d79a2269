package dev.bulwark.server.dashboard;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A query's result as a page table: a header from each column's label, {@code *_at} columns shown as times. The
 * query names the columns it selects (never {@code *}), so the page shows only what was chosen for it.
 */
record Table(List<String> headers, List<Row> rows) {
    /** One row's cells, already formatted for display (escaped later, by the template). */
    record Row(List<String> cells) {
    }

    Table {
        headers = List.copyOf(headers);
        rows = List.copyOf(rows);
    }

    boolean empty() {
        return rows.isEmpty();
    }

    static Table of(ResultSet rs) throws SQLException {
        ResultSetMetaData m = rs.getMetaData();
        List<Integer> shown = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        List<Boolean> times = new ArrayList<>();
        for (int i = 1; i <= m.getColumnCount(); i++) {
            String name = m.getColumnLabel(i).toLowerCase(Locale.ROOT);
            shown.add(i);
            times.add(name.endsWith("_at"));
            String words = name.replace('_', ' ');
            headers.add(Character.toUpperCase(words.charAt(0)) + words.substring(1));
        }
        List<Row> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> cells = new ArrayList<>();
            for (int k = 0; k < shown.size(); k++) {
                String v = rs.getString(shown.get(k));
                cells.add(v == null ? "" : times.get(k) ? Format.time(Long.parseLong(v)) : v);
            }
            rows.add(new Row(cells));
        }
        return new Table(headers, rows);
    }
}
