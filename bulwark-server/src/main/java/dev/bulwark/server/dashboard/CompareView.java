package dev.bulwark.server.dashboard;

import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.server.compare.CompareException;
import dev.bulwark.server.compare.ComparedSide;
import dev.bulwark.server.compare.Comparison;
import dev.bulwark.server.compare.Sides;
import dev.bulwark.server.reference.AllowedReference;
import dev.bulwark.server.reference.OutsideReferences;
import dev.bulwark.server.reference.ReferenceUnavailable;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two sides compared ({@code ?a=python3&b=node:2}: an image's newest build, or {@code NAME:BUILD}; {@code b} may
 * also be {@code ref:NAME}, a reference the operator allowed, picked with the {@code with} select): size, packages
 * that differ per architecture, CVE counts by severity, and the findings only one of them has.
 */
final class CompareView {
    private static final String ABSENT = "—";

    private final DashboardCatalog catalog;
    private final Pages pages;
    private final OutsideReferences references;

    CompareView(DashboardCatalog catalog, Pages pages, OutsideReferences references) {
        this.catalog = catalog;
        this.pages = pages;
        this.references = references;
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
        String with = ctx.queryParam("with");
        String b = with != null && !with.isBlank() ? with : ctx.queryParam("b");
        scope.put("a", a);
        scope.put("b", Sides.isReference(references, b) ? null : b);
        scope.put("references", referenceOptions(b));
        scope.put("hasReferences", !references.allowed().isEmpty());
        if (a != null && b != null && !a.isBlank() && !b.isBlank()) {
            compare(ctx, scope, c, a.strip(), b.strip());
        }
        ctx.html(pages.render("compare", scope));
    }

    private void compare(Context ctx, Map<String, Object> scope, Catalog c, String a, String b) throws Exception {
        try {
            BuildSummary left = Sides.build(c, a);
            scope.put("result", scope(Comparison.of(ComparedSide.of(c, left), Sides.side(c, references, b, left))));
        } catch (CompareException e) {
            throw new Dashboard.NotFound(e.getMessage());
        } catch (ReferenceUnavailable e) {
            // The page still answers (the form, the message); a reference still being read asks to come back.
            ctx.status(e.pending() ? 503 : 502);
            if (e.pending()) {
                ctx.header("Retry-After", "5");
            }
            scope.put("referenceError", e.getMessage());
            scope.put("referencePending", e.pending());
        }
    }

    private List<Map<String, Object>> referenceOptions(String b) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AllowedReference r : references.allowed()) {
            String value = Sides.REF + r.name();
            out.add(Map.of("value", value, "name", r.name(), "shown", r.display(), "selected", value.equals(b)));
        }
        return out;
    }

    static Map<String, Object> scope(Comparison cmp) {
        ComparedSide l = cmp.left();
        ComparedSide r = cmp.right();
        Map<String, Object> out = new HashMap<>();
        out.put("left", l.label());
        out.put("right", r.label());
        out.put("leftDigest", l.digest());
        out.put("rightDigest", r.digest());
        out.put("leftDigestShort", shortDigest(l.digest()));
        out.put("rightDigestShort", shortDigest(r.digest()));
        out.put("leftArchs", String.join(", ", l.archs()));
        out.put("rightArchs", String.join(", ", r.archs()));
        out.put("leftSize", Format.bytes(l.compressedBytes()));
        out.put("rightSize", Format.bytes(r.compressedBytes()));
        out.put("sizeDelta", Format.signedBytes(r.compressedBytes() - l.compressedBytes()));
        out.put("leftPackages", l.packageCount());
        out.put("rightPackages", r.packageCount());
        out.put("packageDelta", signed(r.packageCount() - l.packageCount()));
        out.put("leftFindings", l.findings().size());
        out.put("rightFindings", r.findings().size());
        out.put("findingDelta", signed(r.findings().size() - l.findings().size()));
        out.put("severities", severities(l, r));
        List<Map<String, Object>> packages = new ArrayList<>();
        for (Comparison.PackageChange p : cmp.packages()) {
            packages.add(Map.of("arch", p.arch(), "name", p.name(), "leftVersion", orAbsent(p.leftVersion()),
                    "rightVersion", orAbsent(p.rightVersion())));
        }
        out.put("packages", packages);
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Comparison.FindingChange f : cmp.findings()) {
            Vulnerability v = f.finding();
            findings.add(Map.of("id", v.id(), "packageName", v.packageName(), "severity", v.severity(),
                    "side", "only " + (f.side().equals("left") ? l.label() : r.label())));
        }
        out.put("findings", findings);
        return out;
    }

    private static List<Map<String, Object>> severities(ComparedSide l, ComparedSide r) {
        Map<String, Integer> ls = Comparison.severities(l);
        Map<String, Integer> rs = Comparison.severities(r);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String s : Comparison.SEVERITIES) {
            out.add(Map.of("severity", s, "left", ls.get(s), "right", rs.get(s), "delta", signed(rs.get(s) - ls.get(s))));
        }
        return out;
    }

    /** {@code sha256:} and 12 hex digits: the table stays narrow; the whole digest is the cell's title. */
    private static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        return digest.length() > colon + 13 ? digest.substring(0, colon + 13) + "…" : digest;
    }

    private static String orAbsent(String version) {
        return version == null ? ABSENT : version;
    }

    private static String signed(int n) {
        return n > 0 ? "+" + n : Integer.toString(n);
    }
}
