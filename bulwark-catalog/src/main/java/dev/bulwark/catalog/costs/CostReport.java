package dev.bulwark.catalog.costs;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code catalog costs}: build time, bytes stored and pushed, and builds and rebuilds, per image per month (UTC)
 * and in total, over the builds since {@code since}.
 */
public record CostReport(Instant since, List<Row> rows, Row total) {

    /** One image in one month ({@code image} "*" and {@code month} null for a total). */
    public record Row(String image, YearMonth month, int builds, int rebuilds, Duration buildTime, long storedBytes,
            long pushedBytes, int uncounted) {
        public Row {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(buildTime, "buildTime");
        }

        Row plus(BuildCost c) {
            boolean counted = c.pushedBytes() >= 0;
            return new Row(image, month, builds + 1, rebuilds + (c.rebuild() ? 1 : 0), buildTime.plus(c.duration()),
                    storedBytes + c.storedBytes(), pushedBytes + (counted ? c.pushedBytes() : 0),
                    uncounted + (counted ? 0 : 1));
        }
    }

    public CostReport {
        Objects.requireNonNull(since, "since");
        rows = List.copyOf(rows);
        Objects.requireNonNull(total, "total");
    }

    /** Sums {@code builds} per image and month, images by name, months in order. */
    public static CostReport of(Instant since, List<BuildCost> builds) {
        Map<String, Row> byKey = new TreeMap<>();
        Row total = new Row("*", null, 0, 0, Duration.ZERO, 0, 0, 0);
        for (BuildCost c : builds) {
            YearMonth month = YearMonth.from(c.startedAt().atOffset(ZoneOffset.UTC));
            byKey.merge(c.image() + "\u0000" + month, new Row(c.image(), month, 0, 0, Duration.ZERO, 0, 0, 0).plus(c),
                    (a, b) -> a.plus(c));
            total = total.plus(c);
        }
        return new CostReport(since, new ArrayList<>(byKey.values()), total);
    }
}
