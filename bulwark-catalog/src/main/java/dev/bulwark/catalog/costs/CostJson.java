package dev.bulwark.catalog.costs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code --format json} view of {@code catalog costs}. */
public final class CostJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CostJson() {
    }

    public static String report(CostReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("since", r.since().toString());
        List<Object> rows = new ArrayList<>();
        r.rows().forEach(row -> rows.add(row(row)));
        m.put("months", rows);
        m.put("total", row(r.total()));
        try {
            return MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render plain maps as JSON", e);
        }
    }

    private static Map<String, Object> row(CostReport.Row row) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (row.month() != null) {
            m.put("image", row.image());
            m.put("month", row.month().toString());
        }
        m.put("builds", row.builds());
        m.put("rebuilds", row.rebuilds());
        m.put("buildSeconds", row.buildTime().toMillis() / 1000.0);
        m.put("storedBytes", row.storedBytes());
        m.put("pushedBytes", row.pushedBytes());
        m.put("buildsWithoutPushCount", row.uncounted());
        return m;
    }
}
