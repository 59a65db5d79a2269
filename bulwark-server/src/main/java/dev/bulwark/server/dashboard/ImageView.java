package dev.bulwark.server.dashboard;

import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.CatalogEvent;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.server.auth.Role;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One image's pages: an overview (CVE chart, builds, tags, rebuilds, decisions, log) and tabs for the packages
 * with their licences, the vulnerabilities with fix and VEX status, and the evidence (see {@link EvidenceView}).
 * {@code ?build=N} shows an older build; the newest by default.
 */
final class ImageView {
    private static final int MAX_REASON = 500;
    private static final int EVENTS = 30;
    private static final List<String[]> TABS = List.of(new String[] {"overview", "Overview", ""},
            new String[] {"packages", "Packages", "/packages"},
            new String[] {"vulnerabilities", "Vulnerabilities", "/vulnerabilities"},
            new String[] {"evidence", "Evidence", "/evidence"});

    private final DashboardCatalog catalog;
    private final Pages pages;
    private final EvidenceView evidence;

    ImageView(DashboardCatalog catalog, Pages pages, EvidenceStore store) {
        this.catalog = catalog;
        this.pages = pages;
        this.evidence = new EvidenceView(catalog, store);
    }

    void render(Context ctx, Sessions.Session session, String tab) throws Exception {
        Catalog c = catalog.get().catalog();
        String name = ctx.pathParam("name");
        CatalogImage image = c.find(name).orElseThrow(() -> new Dashboard.NotFound("Image " + name
                + " is not catalogued; the fleet page lists the images that are."));
        BuildSummary build = image.current() == null ? null : c.build(name, buildParam(ctx));
        Map<String, Object> scope = Dashboard.baseScope(catalog, session, name);
        header(scope, image, build, tab, ctx.queryParam("build"));
        String rebuilt = ctx.queryParam("rebuild");
        if (rebuilt != null && rebuilt.matches("[0-9]{1,18}")) {
            scope.put("notice", "Rebuild request " + rebuilt + " is queued.");
        }
        switch (tab) {
            case "overview" -> scope.put("overview", overview(c, image, session));
            case "packages" -> scope.put("packagesTab", build == null ? null : packages(c, build));
            case "vulnerabilities" -> scope.put("vulnerabilitiesTab", build == null ? null : vulnerabilities(c, build));
            case "evidence" -> scope.put("evidenceTab", build == null ? null : evidence.tab(c, build));
            default -> throw new Dashboard.NotFound("There is no tab " + tab);
        }
        ctx.html(pages.render("image", scope));
    }

    void download(Context ctx, Sessions.Session session) throws Exception {
        evidence.download(ctx);
    }

    void rebuild(Context ctx, Sessions.Session session) throws Exception {
        String name = ctx.pathParam("name");
        String reason = ctx.formParam("reason");
        reason = reason == null || reason.isBlank() ? "requested from the dashboard" : reason.strip();
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON);
        }
        var request = catalog.get().rebuilds().enqueue(name, reason, session.tokenName())
                .orElseThrow(() -> new Dashboard.NotFound("Image " + name + " is not catalogued."));
        ctx.redirect(Dashboard.BASE + "/images/" + FleetView.path(name) + "?rebuild=" + request.id(),
                HttpStatus.SEE_OTHER);
    }

    private static void header(Map<String, Object> scope, CatalogImage image, BuildSummary build, String tab,
            String buildParam) {
        var d = image.definition();
        scope.put("name", image.name());
        scope.put("path", FleetView.path(image.name()));
        scope.put("base", d.baseRef());
        scope.put("distribution", d.distribution());
        scope.put("archs", String.join(" ", d.archs()));
        scope.put("updatePolicy", image.updatePolicy());
        scope.put("specPath", d.specPath());
        if (build != null) {
            scope.put("build", Map.of("number", build.number(), "buildCount", image.current().number(),
                    "startedAt", Format.time(build.startedAt()), "reason", build.reason(), "digest", build.digest(),
                    "size", Format.bytes(build.compressedBytes()), "packageCount", build.packageCount()));
            scope.put("number", build.number());
        }
        String query = buildParam == null || !buildParam.matches("[0-9]{1,9}") ? "" : "?build=" + buildParam;
        List<Map<String, Object>> tabs = new ArrayList<>();
        for (String[] t : TABS) {
            tabs.add(Map.of("id", t[0], "label", t[1], "active", t[0].equals(tab),
                    "href", Dashboard.BASE + "/images/" + FleetView.path(image.name()) + t[2] + query));
        }
        scope.put("tabs", tabs);
    }

    private Map<String, Object> overview(Catalog c, CatalogImage image, Sessions.Session session) throws Exception {
        String name = image.name();
        Map<String, Object> o = new HashMap<>();
        long now = catalog.clock().millis();
        o.put("path", FleetView.path(name));
        o.put("csrf", session.csrf());
        o.put("canRebuild", session.role().includes(Role.BUILD));
        var read = catalog.get().db().read("read the rebuilds of " + name, conn -> {
            Map<String, Object> r = new HashMap<>();
            r.put("chart", CveChart.svg(CveChart.ofImage(FleetRows.history(conn, name,
                    now - CveChart.WINDOW.toMillis())), now));
            r.put("requests", FleetView.table(FleetRows.rebuildRequests(conn, name, 20)));
            r.put("decisions", FleetView.decisions(FleetRows.decisions(conn, "1 = 1", name, 20)));
            long[] open = FleetRows.openClocks(conn, name).getOrDefault(name, new long[] {0, 0});
            r.put("sla", open[0] == 0 ? "None: every fix seen is published." : open[0] + " open, the oldest fix seen "
                    + Format.hours(Duration.ofMillis(now - open[1])) + " ago (target " + Format.hours(FleetView.SLA_TARGET)
                    + ").");
            return r;
        });
        o.putAll(read);
        o.put("hasDecisions", !((List<?>) read.get("decisions")).isEmpty());
        List<Map<String, Object>> builds = new ArrayList<>();
        for (BuildSummary b : c.builds(name)) {
            Map<String, Object> m = new HashMap<>();
            m.put("number", b.number());
            m.put("href", Dashboard.BASE + "/images/" + FleetView.path(name) + "/vulnerabilities?build=" + b.number());
            m.put("startedAt", Format.time(b.startedAt()));
            m.put("reason", b.reason());
            m.put("shortDigest", b.digest().substring(0, Math.min(19, b.digest().length())) + "…");
            m.put("size", Format.bytes(b.compressedBytes()));
            m.put("scan", b.scan() == null ? null : Map.of("critical", b.scan().critical(), "high", b.scan().high(),
                    "medium", b.scan().medium(), "low", b.scan().low(), "other",
                    b.scan().negligible() + b.scan().unknown()));
            builds.add(m);
        }
        o.put("builds", builds);
        List<Map<String, Object>> pubs = new ArrayList<>();
        for (Publication p : c.publications(name)) {
            pubs.add(Map.of("reference", p.reference(), "kind", p.kind().name().toLowerCase(Locale.ROOT),
                    "build", p.build(), "publishedAt", Format.time(p.publishedAt()),
                    "replacedAt", Format.time(p.replacedAt())));
        }
        o.put("publications", pubs);
        List<CatalogEvent> events = c.events(name);
        List<Map<String, Object>> shown = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0 && shown.size() < EVENTS; i--) {
            CatalogEvent e = events.get(i);
            shown.add(Map.of("at", Format.time(e.at()), "kind", e.kind(), "message", e.message()));
        }
        o.put("events", shown);
        return o;
    }

    private Map<String, Object> packages(Catalog c, BuildSummary build) throws Exception {
        Map<String, Object> t = new HashMap<>();
        t.put("number", build.number());
        EvidenceView.Licences licences = evidence.licences(c, build);
        t.put("licenceNote", licences.note());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BuiltPackage p : c.packages(build.image(), build.number())) {
            String licence = licences.of(p.arch(), p.name(), p.version());
            rows.add(Map.of("arch", p.arch(), "name", p.name(), "version", p.version(), "source",
                    p.source().equals(p.name()) ? "" : p.source() + " " + p.sourceVersion(), "suite", p.suite(),
                    "size", Format.bytes(p.size()), "licence", licence));
        }
        t.put("packages", rows);
        return t;
    }

    private Map<String, Object> vulnerabilities(Catalog c, BuildSummary build) throws Exception {
        Map<String, Object> t = new HashMap<>();
        t.put("number", build.number());
        t.put("scanNote", build.scan() == null ? "This build was not scanned."
                : "Scanned " + Format.time(build.scan().scannedAt()) + " with " + build.scan().source() + ": "
                + build.scan().total() + " findings.");
        EvidenceView.VexStatus vex = evidence.vex(c, build);
        t.put("vexNote", vex.note());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Vulnerability v : c.findings(build.image(), build.number())) {
            rows.add(Map.of("id", v.id(), "severity", v.severity(), "packageName", v.packageName(),
                    "installedVersion", v.installedVersion(),
                    "fix", v.fixedVersion() == null ? "no fix yet" : "fixed in " + v.fixedVersion(),
                    "vex", vex.of(v.id())));
        }
        t.put("findings", rows);
        return t;
    }

    /** {@code ?build=N}; 0 (the newest) when absent. */
    private static int buildParam(Context ctx) {
        String b = ctx.queryParam("build");
        if (b == null || b.isEmpty() || b.equals("latest")) {
            return 0;
        }
        if (!b.matches("[1-9][0-9]{0,8}")) {
            throw new Dashboard.NotFound("There is no build '" + b + "'; builds are numbered 1, 2, …");
        }
        return Integer.parseInt(b);
    }
}
