package dev.bulwark.scan.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.scan.advisory.Severity;
import dev.bulwark.scan.match.Finding;
import dev.bulwark.scan.match.ScanResult;
import dev.bulwark.scan.match.Suppressed;
import dev.bulwark.scan.vex.PackagePurls;
import dev.bulwark.scan.vex.Purl;
import dev.bulwark.debian.installed.InstalledPackage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CycloneDX 1.6 vulnerability output ({@code --format cyclonedx}): the installed packages as components and one
 * vulnerability per CVE, affecting the packages it was found in; VEX-suppressed ones carry an analysis.
 */
public final class CycloneDxReport {

    private CycloneDxReport() {
    }

    public static String render(ScanResult r, String toolVersion) {
        ObjectNode root = JsonText.object();
        root.put("bomFormat", "CycloneDX");
        root.put("specVersion", "1.6");
        root.put("version", 1);
        ObjectNode metadata = root.putObject("metadata");
        metadata.putObject("tools").putArray("components").addObject().put("type", "application")
                .put("name", "bulwark").put("version", toolVersion);
        ObjectNode subject = metadata.putObject("component");
        subject.put("type", r.target().digest() == null ? "operating-system" : "container");
        subject.put("name", r.target().name());
        Purl image = PackagePurls.image(r.target());
        if (image != null) {
            subject.put("bom-ref", image.toString());
            subject.put("purl", image.toString());
        }
        if (!r.noEvidence().isEmpty()) {
            ArrayNode props = metadata.putArray("properties");
            r.noEvidence().forEach(n -> props.addObject().put("name", "bulwark:no-evidence").put("value",
                    n.source() + " " + n.installed() + " -> " + n.candidate() + ": " + n.reason()));
        }
        ArrayNode components = root.putArray("components");
        for (InstalledPackage p : r.target().packages()) {
            String purl = PackagePurls.binary(p, r.target()).toString();
            components.addObject().put("type", "library").put("bom-ref", purl).put("name", p.name())
                    .put("version", p.version().toString()).put("purl", purl);
        }
        Map<String, ObjectNode> byCve = new LinkedHashMap<>();
        ArrayNode vulns = root.putArray("vulnerabilities");
        for (Finding f : r.findings()) {
            affect(vuln(vulns, byCve, f, null), f, r);
        }
        for (Suppressed s : r.suppressed()) {
            affect(vuln(vulns, byCve, s.finding(), s), s.finding(), r);
        }
        ComponentReports.cyclonedx(metadata, components, vulns, r);
        return JsonText.render(root);
    }

    private static ObjectNode vuln(ArrayNode vulns, Map<String, ObjectNode> byCve, Finding f, Suppressed s) {
        String key = f.cve() + (s == null ? "" : "#vex");
        ObjectNode v = byCve.get(key);
        if (v != null) {
            return v;
        }
        v = vulns.addObject();
        v.put("bom-ref", key);
        v.put("id", f.cve());
        v.putObject("source").put("name", f.advisory().origin());
        v.putArray("ratings").addObject().put("severity", severity(f.severity())).put("method", "other")
                .putObject("source").put("name", "Debian urgency: " + (f.advisory().urgency().isEmpty()
                        ? "none" : f.advisory().urgency()));
        if (!f.advisory().description().isEmpty()) {
            v.put("description", f.advisory().description());
        }
        if (f.fixedVersion() != null) {
            v.put("recommendation", "Upgrade " + f.pkg().source() + " to " + f.fixedVersion() + " or later"
                    + (f.fixSuite() == null ? " (not yet in the image's suites)" : " (in " + f.fixSuite() + ")"));
        }
        ObjectNode analysis = v.putObject("analysis");
        if (s == null) {
            analysis.put("state", "exploitable");
            analysis.put("detail", f.explanation());
        } else {
            analysis.put("state", s.vexStatus().equals("fixed") ? "resolved" : "not_affected");
            String j = justification(s.justification());
            if (j != null) {
                analysis.put("justification", j);
            }
            analysis.put("detail", (s.justification() + " " + s.statement()).strip());
        }
        v.putArray("affects");
        byCve.put(key, v);
        return v;
    }

    private static void affect(ObjectNode v, Finding f, ScanResult r) {
        ObjectNode a = ((ArrayNode) v.get("affects")).addObject();
        a.put("ref", PackagePurls.binary(f.pkg(), r.target()).toString());
        a.putArray("versions").addObject().put("version", f.pkg().version().toString()).put("status", "affected");
    }

    private static String severity(Severity s) {
        return switch (s) {
            case NEGLIGIBLE -> "info";
            default -> s.word();
        };
    }

    /** OpenVEX justifications in CycloneDX's words, where one matches. */
    private static String justification(String openVex) {
        return switch (openVex) {
            case "component_not_present" -> "requires_dependency";
            case "vulnerable_code_not_present" -> "code_not_present";
            case "vulnerable_code_not_in_execute_path" -> "code_not_reachable";
            case "vulnerable_code_cannot_be_controlled_by_adversary" -> "requires_environment";
            case "inline_mitigations_already_exist" -> "protected_by_mitigating_control";
            default -> null;
        };
    }
}
