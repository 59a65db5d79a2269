package dev.bulwark.server.dashboard;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The fleet page: every image with its CVEs and SLA state, the fleet's CVE chart, and what is being rebuilt. */
final class FleetView {
    /** As {@code bulwark catalog sla} reports by default: a fix should be published within a day. */
    static final Duration SLA_TARGET = Duration.ofHours(24);

    private final DashboardCatalog catalog;
    private final Pages pages;

    FleetView(DashboardCatalog catalog, Pages pages) {
        this.catalog = catalog;
        this.pages = pages;
    }

    void render(Context ctx, Sessions.Session session) throws Exception {
        long now = catalog.clock().millis();
        FleetRows.Fleet f = FleetRows.read(catalog.get().db(), now - CveChart.WINDOW.toMillis());
        String query = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        Severities totals = Severities.NONE;
        int openClocks = 0;
        int breaches = 0;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FleetRows.ImageLine i : f.images()) {
            if (i.scan() != null) {
                totals = totals.plus(i.scan());
            }
            openClocks += i.openClocks();
            boolean breached = i.openClocks() > 0 && now - i.oldestFixSeenAt() > SLA_TARGET.toMillis();
            breaches += breached ? 1 : 0;
            if (!query.isEmpty() && !i.name().toLowerCase(Locale.ROOT).contains(query.toLowerCase(Locale.ROOT))) {
                continue;
            }
            Map<String, Object> row = new HashMap<>();
            row.put("name", i.name());
            row.put("path", path(i.name()));
            row.put("build", i.build() == 0 ? "none" : Integer.toString(i.build()));
            row.put("builtAt", i.build() == 0 ? "" : Format.time(i.builtAt()));
            row.put("scan", i.scan() == null ? null : severities(i.scan()));
            row.put("sla", i.openClocks() == 0 ? "ok" : i.openClocks() + " open, exposed "
                    + Format.hours(Duration.ofMillis(now - i.oldestFixSeenAt())));
            row.put("slaClass", i.openClocks() == 0 ? "sla-ok" : breached ? "sla-breach" : "sla-open");
            row.put("decision", i.decision() == null ? "" : i.decision().action() + " (" + i.decision().rule() + "): "
                    + i.decision().reason());
            rows.add(row);
        }
        Map<String, Object> scope = Dashboard.baseScope(catalog, session, "Fleet");
        scope.put("imageCount", f.images().size());
        scope.put("shownCount", rows.size());
        scope.put("query", query.isEmpty() ? null : query);
        scope.put("totals", severities(totals));
        scope.put("openClocks", openClocks);
        scope.put("breaches", breaches);
        scope.put("breachClass", breaches > 0 ? "sla-breach" : "");
        scope.put("slaTarget", Format.hours(SLA_TARGET));
        scope.put("queuedRebuilds", catalog.get().rebuilds().queued().size());
        scope.put("chart", CveChart.svg(CveChart.ofFleet(f.history()), now));
        scope.put("images", rows);
        scope.put("requests", table(f.rebuildRequests()));
        List<Map<String, Object>> decisions = decisions(f.rebuildDecisions());
        scope.put("decisions", decisions);
        scope.put("hasDecisions", !decisions.isEmpty());
        ctx.html(pages.render("fleet", scope));
    }

    static Map<String, Object> severities(Severities s) {
        return Map.of("critical", s.critical(), "high", s.high(), "medium", s.medium(), "low", s.low(),
                "other", s.other(), "total", s.total());
    }

    static List<Map<String, Object>> decisions(List<FleetRows.Decision> list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FleetRows.Decision d : list) {
            Map<String, Object> m = new HashMap<>();
            m.put("decidedAt", Format.time(d.decidedAt()));
            m.put("image", d.image());
            m.put("path", path(d.image()));
            m.put("action", d.action());
            m.put("rule", d.rule());
            m.put("reason", d.reason());
            m.put("outcome", d.outcome());
            m.put("outcomeMessage", d.outcomeMessage());
            out.add(m);
        }
        return out;
    }

    static Map<String, Object> table(Table t) {
        List<Map<String, Object>> rows = new ArrayList<>();
        t.rows().forEach(r -> rows.add(Map.of("cells", r.cells())));
        return Map.of("empty", t.empty(), "headers", t.headers(), "rows", rows);
    }

    /** An image name as one path segment. */
    static String path(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
