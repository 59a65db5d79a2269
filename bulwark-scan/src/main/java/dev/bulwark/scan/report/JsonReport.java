package dev.bulwark.scan.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.scan.match.Finding;
import dev.bulwark.scan.match.ScanResult;
import dev.bulwark.scan.match.Suppressed;
import dev.bulwark.scan.match.SupportNote;

/** Bulwark's own JSON report of a scan ({@code --format json}). */
public final class JsonReport {

    private JsonReport() {
    }

    public static String render(ScanResult r, boolean showSuppressed) {
        ObjectNode root = JsonText.object();
        root.put("target", r.target().name());
        if (r.target().digest() != null) {
            root.put("digest", r.target().digest());
        }
        root.put("os", r.target().osRelease().prettyName());
        root.put("release", r.target().release());
        root.putPOJO("suites", r.target().suites());
        root.putPOJO("advisorySources", r.advisorySources());
        root.put("packages", r.target().packages().size());
        ObjectNode summary = root.putObject("summary");
        summary.put("findings", r.findings().size());
        summary.put("fixAvailable", r.findings().stream().filter(Finding::fixAvailable).count());
        summary.put("suppressed", r.suppressed().size());
        r.worst().ifPresent(s -> summary.put("worstSeverity", s.word()));
        ArrayNode findings = root.putArray("findings");
        r.findings().forEach(f -> finding(findings.addObject(), f));
        if (showSuppressed) {
            ArrayNode suppressed = root.putArray("suppressed");
            for (Suppressed s : r.suppressed()) {
                ObjectNode n = finding(suppressed.addObject(), s.finding());
                n.put("vexStatus", s.vexStatus());
                n.put("justification", s.justification());
                n.put("statement", s.statement());
                n.put("vexDocument", s.document());
            }
        }
        ArrayNode silent = root.putArray("noEvidence");
        r.noEvidence().forEach(n -> silent.addObject().put("source", n.source()).put("installed", n.installed())
                .put("candidate", n.candidate()).put("origin", n.origin()).put("reason", n.reason()));
        ArrayNode support = root.putArray("securitySupport");
        for (SupportNote n : r.supportNotes()) {
            ObjectNode o = support.addObject();
            o.put("source", n.source());
            o.put("version", n.version());
            o.put("level", n.entry().level().name().toLowerCase(java.util.Locale.ROOT));
            o.put("details", n.entry().details());
        }
        ComponentReports.json(root, r);
        return JsonText.render(root);
    }

    static ObjectNode finding(ObjectNode n, Finding f) {
        n.put("package", f.pkg().name());
        n.put("version", f.pkg().version().toString());
        n.put("architecture", f.pkg().architecture());
        n.put("source", f.pkg().source());
        n.put("sourceVersion", f.pkg().sourceVersion().toString());
        n.put("cve", f.cve());
        n.put("status", f.status().word());
        n.put("severity", f.severity().word());
        n.put("urgency", f.advisory().urgency());
        if (f.fixedVersion() != null) {
            n.put("fixedVersion", f.fixedVersion().toString());
        }
        n.put("fixAvailable", f.fixAvailable());
        if (f.fixSuite() != null) {
            n.put("fixSuite", f.fixSuite());
            n.put("fixSuiteVersion", f.fixSuiteVersion().toString());
        }
        n.put("origin", f.advisory().origin());
        n.put("explanation", f.explanation());
        return n;
    }
}
