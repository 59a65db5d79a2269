package dev.bulwark.scan.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.scan.match.Outdated;
import java.util.List;

/** What {@code bulwark outdated} prints: per architecture, each update with the CVEs it fixes, then the verdict. */
public final class OutdatedReport {

    private OutdatedReport() {
    }

    public static String text(String name, List<Outdated.Report> reports) {
        StringBuilder b = new StringBuilder();
        for (Outdated.Report r : reports) {
            b.append(printable(name)).append(" for ").append(r.target().architecture()).append(": ").append(r.updates().size())
                    .append(" of ").append(r.target().packages().size()).append(" packages have a newer version; ")
                    .append(r.fixing().size()).append(" fix CVEs (advisories: ")
                    .append(String.join(", ", r.advisorySources())).append(")\n");
            for (Outdated.Update u : r.updates()) {
                b.append("  ").append(printable(u.pkg().name())).append(' ').append(u.pkg().version()).append(" -> ").append(u.newer())
                        .append(" (").append(u.suite()).append("): ")
                        .append(u.fixes().isEmpty() ? "no CVE named" : u.fixes().size() + " CVEs").append('\n');
                for (Outdated.Fix f : u.fixes()) {
                    b.append("    ").append(f.cve()).append(' ').append(f.severity().word()).append(" fixed in ")
                            .append(f.fixedVersion()).append(" [").append(f.origin()).append("] ").append(f.evidence())
                            .append('\n');
                }
            }
            r.noEvidence().forEach(n -> b.append("  no evidence: ").append(n.source()).append(' ').append(n.installed())
                    .append(" -> ").append(n.candidate()).append(": ").append(n.reason()).append('\n'));
            b.append(r.rebuildNeeded() ? "rebuild needed: " + r.fixing().size() + " updates fix CVEs"
                    : "no rebuild needed: no update names a CVE fix").append('\n');
        }
        return b.toString();
    }

    /** Text read from an image, with control characters (terminal escapes) made visible. */
    static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    public static String json(String name, List<Outdated.Report> reports) {
        ObjectNode root = JsonText.object();
        root.put("target", name);
        root.put("rebuildNeeded", reports.stream().anyMatch(Outdated.Report::rebuildNeeded));
        ObjectNode archs = root.putObject("archs");
        for (Outdated.Report r : reports) {
            ObjectNode a = archs.putObject(r.target().architecture());
            a.put("rebuildNeeded", r.rebuildNeeded());
            a.put("packages", r.target().packages().size());
            a.putPOJO("advisorySources", r.advisorySources());
            ArrayNode updates = a.putArray("updates");
            for (Outdated.Update u : r.updates()) {
                ObjectNode n = updates.addObject();
                n.put("package", u.pkg().name());
                n.put("installed", u.pkg().version().toString());
                n.put("source", u.pkg().source());
                n.put("newer", u.newer().toString());
                n.put("suite", u.suite());
                ArrayNode fixes = n.putArray("fixes");
                for (Outdated.Fix f : u.fixes()) {
                    fixes.addObject().put("cve", f.cve()).put("severity", f.severity().word())
                            .put("fixedVersion", f.fixedVersion().toString()).put("origin", f.origin())
                            .put("evidence", f.evidence());
                }
            }
            ArrayNode silent = a.putArray("noEvidence");
            r.noEvidence().forEach(n -> silent.addObject().put("source", n.source()).put("installed", n.installed())
                    .put("candidate", n.candidate()).put("reason", n.reason()));
        }
        return JsonText.render(root);
    }
}
