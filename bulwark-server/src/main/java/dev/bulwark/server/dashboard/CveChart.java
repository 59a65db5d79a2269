package dev.bulwark.server.dashboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CVE counts over time as an inline SVG step chart, one line per severity. Made on the server from numbers and
 * fixed words only (no catalog text enters it), so it needs no escaping and no script.
 */
final class CveChart {
    /** The counts from {@code at} until the next point. */
    record Point(long at, Severities counts) {
    }

    /** How far back the charts go: the catalog's older builds are not read for them. */
    static final java.time.Duration WINDOW = java.time.Duration.ofDays(90);
    private static final int WIDTH = 760;
    private static final int HEIGHT = 240;
    private static final int LEFT = 44;
    private static final int RIGHT = 110;
    private static final int TOP = 14;
    private static final int BOTTOM = 28;
    private static final int MAX_POINTS = 240;
    private static final String[] NAMES = {"critical", "high", "medium", "low", "other"};
    private static final String[] COLOURS = {"#6a1b9a", "#c62828", "#ef6c00", "#f9a825", "#78909c"};

    private CveChart() {
    }

    /** One image's builds in time order: each build's counts hold until the next build. */
    static List<Point> ofImage(List<FleetRows.Scan> scans) {
        return scans.stream().map(s -> new Point(s.at(), s.counts())).toList();
    }

    /** The fleet: at each build, the sum over images of the counts of each image's build current then. */
    static List<Point> ofFleet(List<FleetRows.Scan> scans) {
        Map<String, Severities> current = new HashMap<>();
        Severities total = Severities.NONE;
        List<Point> out = new ArrayList<>();
        for (FleetRows.Scan s : scans) {
            Severities before = current.put(s.image(), s.counts());
            total = total.plus(s.counts()).minus(before == null ? Severities.NONE : before);
            if (!out.isEmpty() && out.get(out.size() - 1).at() == s.at()) {
                out.set(out.size() - 1, new Point(s.at(), total));
            } else {
                out.add(new Point(s.at(), total));
            }
        }
        return thin(out);
    }

    /** At most MAX_POINTS: the first, then the last point of each equal slice of time, so the end state is kept. */
    static List<Point> thin(List<Point> points) {
        if (points.size() <= MAX_POINTS) {
            return points;
        }
        long first = points.get(0).at();
        double slice = (points.get(points.size() - 1).at() - first + 1) / (double) (MAX_POINTS - 1);
        List<Point> out = new ArrayList<>();
        out.add(points.get(0));
        long bucket = -1;
        for (Point p : points.subList(1, points.size())) {
            long b = (long) ((p.at() - first) / slice);
            if (b == bucket) {
                out.set(out.size() - 1, p);
            } else {
                out.add(p);
                bucket = b;
            }
        }
        return out;
    }

    /**
     * The chart from the first point until {@code now}: severities stacked (critical at the bottom), each band a
     * step area, so the top edge is the total; a sentence instead when there is nothing to draw.
     */
    static String svg(List<Point> points, long now) {
        if (points.isEmpty()) {
            return "<p class=\"muted\">No scanned builds yet: the chart starts with the first scan.</p>";
        }
        long start = points.get(0).at();
        long end = Math.max(now, points.get(points.size() - 1).at());
        if (end == start) {
            end = start + 1;
        }
        int max = 1;
        for (Point p : points) {
            max = Math.max(max, p.counts().total());
        }
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cve-chart\" "
                + "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"cve-chart-title\">"
                + "<title id=\"cve-chart-title\">CVE counts over time by severity</title>", WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\" "
                + "stroke=\"#ccc\"/>", LEFT, TOP, plotW, plotH));
        double[] xs = new double[points.size() + 1];
        for (int i = 0; i < points.size(); i++) {
            xs[i] = LEFT + (double) (points.get(i).at() - start) / (end - start) * plotW;
        }
        xs[points.size()] = LEFT + plotW;
        int[] below = new int[points.size()];
        for (int k = 0; k < NAMES.length; k++) {
            int[] above = new int[points.size()];
            for (int i = 0; i < points.size(); i++) {
                above[i] = below[i] + points.get(i).counts().asArray()[k];
            }
            s.append("<polygon class=\"").append(NAMES[k]).append("\" fill=\"").append(COLOURS[k])
                    .append("\" fill-opacity=\"0.85\" points=\"");
            steps(s, xs, above, max, plotH, false);
            steps(s, xs, below, max, plotH, true);
            s.append("\"/>");
            below = above;
            int ly = TOP + 14 + (NAMES.length - 1 - k) * 18;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#333\">%s %d</text>", LEFT + plotW + 12, ly - 10,
                    COLOURS[k], LEFT + plotW + 28, ly, NAMES[k], points.get(points.size() - 1).counts().asArray()[k]));
        }
        for (int tick : new int[] {0, max / 2, max}) {
            double y = TOP + plotH - (double) tick / max * plotH;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#bbb\" "
                    + "stroke-dasharray=\"3 3\"/><text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" "
                    + "fill=\"#555\">%d</text>", LEFT, LEFT + plotW, y, y, LEFT - 6, y + 4, tick));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\">%s</text>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">%s</text>",
                LEFT, HEIGHT - 8, Format.day(start), LEFT + plotW, HEIGHT - 8, Format.day(end)));
        return s.append("</svg>").toString();
    }

    /** A step edge through {@code values} (each held until the next x), left to right or back. */
    private static void steps(StringBuilder s, double[] xs, int[] values, int max, int plotH, boolean backwards) {
        int n = values.length;
        for (int j = 0; j < n; j++) {
            int i = backwards ? n - 1 - j : j;
            double y = TOP + plotH - (double) values[i] / max * plotH;
            double from = xs[i];
            double to = xs[i + 1];
            if (backwards) {
                s.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", to, y, from, y));
            } else {
                s.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", from, y, to, y));
            }
        }
    }
}
