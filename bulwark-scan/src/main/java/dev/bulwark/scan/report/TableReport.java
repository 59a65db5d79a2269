package dev.bulwark.scan.report;

import dev.bulwark.scan.match.Finding;
import dev.bulwark.scan.match.ScanResult;
import dev.bulwark.scan.match.Suppressed;
import dev.bulwark.scan.match.SupportNote;
import dev.bulwark.core.text.Escape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The table a person reads ({@code --format table}): one row per finding, then a summary. */
public final class TableReport {

    private static final List<String> HEADER = List.of("PACKAGE", "INSTALLED", "CVE", "SEVERITY", "STATUS", "FIXED IN",
            "FIX AVAILABLE");

    private TableReport() {
    }

    public static String render(ScanResult r, boolean showSuppressed) {
        StringBuilder b = new StringBuilder();
        b.append(r.target().name()).append(" (").append(r.target().osRelease().prettyName().isEmpty()
                ? r.target().release() : r.target().osRelease().prettyName()).append("), ")
                .append(r.target().packages().size()).append(" packages; advisories: ")
                .append(String.join(", ", r.advisorySources())).append('\n');
        List<List<String>> rows = new ArrayList<>();
        r.findings().forEach(f -> rows.add(row(f, f.fixSuite() == null ? "no" : f.fixSuite())));
        table(b, HEADER, rows);
        Map<String, Long> bySeverity = new TreeMap<>();
        r.findings().forEach(f -> bySeverity.merge(f.severity().word(), 1L, Long::sum));
        long fixable = r.findings().stream().filter(Finding::fixAvailable).count();
        long packages = r.findings().stream().filter(Finding::fixAvailable).map(f -> f.pkg().name()).distinct().count();
        b.append(r.findings().size()).append(" findings ").append(bySeverity).append("; ").append(fixable)
                .append(" with a fix available in the image's suites (").append(packages).append(" packages to update); ")
                .append(r.suppressed().size()).append(" suppressed by VEX").append('\n');
        if (showSuppressed && !r.suppressed().isEmpty()) {
            b.append("\nSuppressed by VEX:\n");
            List<List<String>> sup = new ArrayList<>();
            for (Suppressed s : r.suppressed()) {
                Finding f = s.finding();
                sup.add(List.of(f.pkg().name(), f.pkg().version().toString(), f.cve(), s.vexStatus(),
                        s.justification().isEmpty() ? s.statement() : s.justification()));
            }
            table(b, List.of("PACKAGE", "INSTALLED", "CVE", "VEX STATUS", "JUSTIFICATION"), sup);
        }
        if (!r.noEvidence().isEmpty()) {
            b.append("\nNo evidence (a newer version exists but no changelog could be read; its CVEs are unknown):\n");
            r.noEvidence().forEach(n -> b.append("  ").append(n.source()).append(' ').append(n.installed()).append(" -> ")
                    .append(n.candidate()).append(": ").append(n.reason()).append('\n'));
        }
        if (!r.supportNotes().isEmpty()) {
            b.append("\nSecurity support:\n");
            for (SupportNote n : r.supportNotes()) {
                b.append("  ").append(n.source()).append(' ').append(n.version()).append(": ")
                        .append(n.entry().level().name().toLowerCase(java.util.Locale.ROOT)).append(" — ")
                        .append(n.entry().details()).append('\n');
            }
        }
        ComponentReports.table(b, r);
        // Package fields, names and advisory text come from images and archives: control characters escaped.
        return Escape.lines(b.toString());
    }

    private static List<String> row(Finding f, String fix) {
        return List.of(f.pkg().name(), f.pkg().version().toString(), f.cve(), f.severity().word(), f.status().word(),
                f.fixedVersion() == null ? "-" : f.fixedVersion().toString(), fix);
    }

    private static void table(StringBuilder b, List<String> header, List<List<String>> rows) {
        if (rows.isEmpty()) {
            b.append("No findings.\n");
            return;
        }
        List<List<String>> all = new ArrayList<>();
        for (List<String> row : withHeader(header, rows)) {
            all.add(row.stream().map(Escape::text).toList());
        }
        int[] width = new int[all.get(0).size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i)).append(" ".repeat(width[i] - row.get(i).length() + 2));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static List<List<String>> withHeader(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }
}
