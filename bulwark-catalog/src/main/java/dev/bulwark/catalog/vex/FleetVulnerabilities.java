package dev.bulwark.catalog.vex;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fleet's vulnerabilities: the findings of every image's newest build with their VEX status, by vulnerability
 * (what the fleet is exposed to) or for one vulnerability (which images have CVE X).
 */
public final class FleetVulnerabilities {
    /** Where one vulnerability is: an image's newest build and the finding there. */
    public record Use(String image, int build, VexFinding finding) {
    }

    /**
     * One vulnerability across the fleet: its worst severity, how many images' newest builds have it, in how many
     * VEX suppressed it, and in how many of the rest Debian has a fix; the binary packages it is in.
     */
    public record Exposure(String vulnerability, String severity, int images, int suppressed, int fixable,
            List<String> packages) {
        public Exposure {
            packages = List.copyOf(packages);
        }

        public int affected() {
            return images - suppressed;
        }
    }

    private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "negligible", "unknown");
    /** Findings and VEX-suppressed findings of every newest build, as BuildVex reads them for one build. */
    private static final String CURRENT = "SELECT i.name, b.number, x.vulnerability, x.package, x.installed_version, "
            + "x.fixed_version, x.severity, x.status, x.justification, x.statement, x.document FROM images i "
            + "JOIN builds b ON b.id = i.current_build_id JOIN ("
            + "SELECT f.build_id, f.vulnerability, f.package, f.installed_version, f.fixed_version, f.severity, "
            + "v.status, v.justification, v.statement, v.document FROM build_findings f LEFT JOIN build_vex v "
            + "ON v.build_id = f.build_id AND v.vulnerability = f.vulnerability AND v.package = f.package %1$s "
            + "UNION ALL SELECT v.build_id, v.vulnerability, v.package, v.installed_version, v.fixed_version, "
            + "v.severity, v.status, v.justification, v.statement, v.document FROM build_vex v WHERE NOT EXISTS "
            + "(SELECT 1 FROM build_findings f WHERE f.build_id = v.build_id AND f.vulnerability = v.vulnerability "
            + "AND f.package = v.package) %2$s) x ON x.build_id = b.id ORDER BY x.vulnerability, i.name, x.package";

    private final CatalogDatabase db;

    public FleetVulnerabilities(CatalogDatabase db) {
        this.db = db;
    }

    /** Every image whose newest build has {@code vulnerability}, suppressed or not, by image and package. */
    public List<Use> uses(String vulnerability) throws CatalogException {
        return db.read("find the images with " + vulnerability, c -> rows(c, vulnerability));
    }

    /** Every vulnerability of the newest builds: the worst first, then the most widespread. */
    public List<Exposure> exposures() throws CatalogException {
        List<Use> all = db.read("read the fleet's vulnerabilities", c -> rows(c, null));
        Map<String, List<Use>> byId = new LinkedHashMap<>();
        all.forEach(u -> byId.computeIfAbsent(u.finding().vulnerability(), k -> new ArrayList<>()).add(u));
        List<Exposure> out = new ArrayList<>();
        byId.forEach((id, uses) -> out.add(exposure(id, uses)));
        out.sort(Comparator.comparingInt((Exposure e) -> rank(e.severity())).thenComparing(Exposure::images,
                Comparator.reverseOrder()).thenComparing(Exposure::vulnerability));
        return out;
    }

    private static Exposure exposure(String id, List<Use> uses) {
        Set<String> images = new TreeSet<>();
        Set<String> affected = new TreeSet<>();
        Set<String> fixable = new TreeSet<>();
        Set<String> packages = new TreeSet<>();
        String worst = "unknown";
        for (Use u : uses) {
            VexFinding f = u.finding();
            images.add(u.image());
            packages.add(f.packageName());
            if (!f.suppressed()) {
                affected.add(u.image());
                if (f.fixedVersion() != null) {
                    fixable.add(u.image());
                }
            }
            if (rank(f.severity()) < rank(worst)) {
                worst = f.severity().toLowerCase(Locale.ROOT);
            }
        }
        return new Exposure(id, worst, images.size(), images.size() - affected.size(), fixable.size(),
                List.copyOf(packages));
    }

    private static int rank(String severity) {
        int i = SEVERITIES.indexOf(severity.toLowerCase(Locale.ROOT));
        return i < 0 ? SEVERITIES.size() - 1 : i;
    }

    private static List<Use> rows(Connection c, String vulnerability) throws SQLException {
        String where = vulnerability == null ? "" : "WHERE f.vulnerability = ?";
        String whereVex = vulnerability == null ? "" : "AND v.vulnerability = ?";
        List<Use> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(String.format(Locale.ROOT, CURRENT, where, whereVex))) {
            if (vulnerability != null) {
                s.setString(1, vulnerability);
                s.setString(2, vulnerability);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Use(rs.getString(1), rs.getInt(2), BuildVex.finding(rs, 3)));
                }
            }
        }
        return out;
    }
}
