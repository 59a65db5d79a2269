package dev.bulwark.server.dashboard;

import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.store.Catalog;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Two catalogued builds side by side ({@code ?a=python3&b=node:2}: an image's newest build, or {@code NAME:BUILD}):
 * size, packages that differ per architecture, and the findings only one of them has.
 */
final class CompareView {
    private static final String ABSENT = "—";

    private final DashboardCatalog catalog;
    private final Pages pages;

    CompareView(DashboardCatalog catalog, Pages pages) {
        this.catalog = catalog;
        this.pages = pages;
    }

    void render(Context ctx, Sessions.Session session) throws Exception {
        Catalog c = catalog.get().catalog();
        Map<String, Object> scope = Dashboard.baseScope(catalog, session, "Compare");
        List<String> names = new ArrayList<>();
        for (CatalogImage i : c.images()) {
            names.add(i.name());
        }
        scope.put("names", names);
        String a = ctx.queryParam("a");
        String b = ctx.queryParam("b");
        scope.put("a", a);
        scope.put("b", b);
        if (a != null && b != null && !a.isBlank() && !b.isBlank()) {
            scope.put("result", compare(c, build(c, a.strip()), build(c, b.strip())));
        }
        ctx.html(pages.render("compare", scope));
    }

    private static BuildSummary build(Catalog c, String ref) throws Exception {
        int colon = ref.lastIndexOf(':');
        String name = colon < 0 ? ref : ref.substring(0, colon);
        String number = colon < 0 ? "" : ref.substring(colon + 1);
        if (!number.isEmpty() && !number.matches("[1-9][0-9]{0,8}")) {
            throw new Dashboard.NotFound("Cannot compare '" + ref + "': give NAME or NAME:BUILD (a build number).");
        }
        if (c.find(name).isEmpty()) {
            throw new Dashboard.NotFound("Cannot compare '" + ref + "': image " + name + " is not catalogued.");
        }
        return c.build(name, number.isEmpty() ? 0 : Integer.parseInt(number));
    }

    static Map<String, Object> compare(Catalog c, BuildSummary left, BuildSummary right) throws Exception {
        List<BuiltPackage> lp = c.packages(left.image(), left.number());
        List<BuiltPackage> rp = c.packages(right.image(), right.number());
        List<Vulnerability> lf = c.findings(left.image(), left.number());
        List<Vulnerability> rf = c.findings(right.image(), right.number());
        Map<String, Object> r = new HashMap<>();
        r.put("left", left.image() + " build " + left.number());
        r.put("right", right.image() + " build " + right.number());
        r.put("leftSize", Format.bytes(left.compressedBytes()));
        r.put("rightSize", Format.bytes(right.compressedBytes()));
        r.put("sizeDelta", Format.signedBytes(right.compressedBytes() - left.compressedBytes()));
        r.put("leftPackages", lp.size());
        r.put("rightPackages", rp.size());
        r.put("packageDelta", signed(rp.size() - lp.size()));
        r.put("leftFindings", lf.size());
        r.put("rightFindings", rf.size());
        r.put("findingDelta", signed(rf.size() - lf.size()));
        r.put("packages", packages(lp, rp));
        r.put("findings", findings(lf, rf, left.image() + " " + left.number(), right.image() + " " + right.number()));
        return r;
    }

    private static List<Map<String, Object>> packages(List<BuiltPackage> left, List<BuiltPackage> right) {
        Map<String, String> l = versions(left);
        Map<String, String> r = versions(right);
        TreeSet<String> keys = new TreeSet<>(l.keySet());
        keys.addAll(r.keySet());
        List<Map<String, Object>> out = new ArrayList<>();
        for (String k : keys) {
            String lv = l.getOrDefault(k, ABSENT);
            String rv = r.getOrDefault(k, ABSENT);
            if (!lv.equals(rv)) {
                String[] an = k.split(" ", 2);
                out.add(Map.of("arch", an[0], "name", an[1], "leftVersion", lv, "rightVersion", rv));
            }
        }
        return out;
    }

    private static Map<String, String> versions(List<BuiltPackage> packages) {
        Map<String, String> out = new TreeMap<>();
        packages.forEach(p -> out.put(p.arch() + " " + p.name(), p.version()));
        return out;
    }

    private static List<Map<String, Object>> findings(List<Vulnerability> left, List<Vulnerability> right,
            String leftName, String rightName) {
        Map<String, Vulnerability> l = byKey(left);
        Map<String, Vulnerability> r = byKey(right);
        List<Map<String, Object>> out = new ArrayList<>();
        l.forEach((k, v) -> {
            if (!r.containsKey(k)) {
                out.add(row(v, "only " + leftName));
            }
        });
        r.forEach((k, v) -> {
            if (!l.containsKey(k)) {
                out.add(row(v, "only " + rightName));
            }
        });
        return out;
    }

    private static Map<String, Vulnerability> byKey(List<Vulnerability> list) {
        Map<String, Vulnerability> out = new TreeMap<>();
        list.forEach(v -> out.put(v.id() + " " + v.packageName(), v));
        return out;
    }

    private static Map<String, Object> row(Vulnerability v, String side) {
        return Map.of("id", v.id(), "packageName", v.packageName(), "severity", v.severity(), "side", side);
    }

    private static String signed(int n) {
        return n > 0 ? "+" + n : Integer.toString(n);
    }
}
