package dev.bulwark.scan.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.scan.advisory.Severity;
import dev.bulwark.scan.match.Finding;
import dev.bulwark.scan.match.ScanResult;
import dev.bulwark.scan.match.Suppressed;
import dev.bulwark.debian.installed.InstalledPackages;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SARIF 2.1.0 ({@code --format sarif}): one rule per CVE, one result per affected package, located at the dpkg
 * database entry that lists the package. Suppressed findings are kept as results with a VEX suppression, as SARIF
 * viewers expect.
 */
public final class SarifReport {

    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private SarifReport() {
    }

    public static String render(ScanResult r, String toolVersion) {
        ObjectNode root = JsonText.object();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "bulwark");
        driver.put("version", toolVersion);
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        ArrayNode results = run.putArray("results");
        for (Finding f : r.findings()) {
            result(results.addObject(), f, rule(rules, ruleIndex, f));
        }
        for (Suppressed s : r.suppressed()) {
            ObjectNode res = result(results.addObject(), s.finding(), rule(rules, ruleIndex, s.finding()));
            ObjectNode sup = res.putArray("suppressions").addObject();
            sup.put("kind", "external");
            sup.put("status", "accepted");
            sup.put("justification", (s.vexStatus() + " " + s.justification() + " " + s.statement()).strip());
        }
        if (!r.noEvidence().isEmpty()) {
            ObjectNode invocation = run.putArray("invocations").addObject();
            invocation.put("executionSuccessful", true);
            ArrayNode notes = invocation.putArray("toolExecutionNotifications");
            r.noEvidence().forEach(n -> {
                ObjectNode note = notes.addObject();
                note.put("level", "warning");
                note.putObject("descriptor").put("id", "no-evidence");
                note.putObject("message").put("text", "no evidence for " + n.source() + " " + n.installed() + " -> "
                        + n.candidate() + ": " + n.reason());
            });
        }
        ComponentReports.sarif(run, rules, ruleIndex, results, r);
        ObjectNode props = run.putObject("properties");
        props.put("target", r.target().name());
        props.put("release", r.target().release());
        return JsonText.render(root);
    }

    private static int rule(ArrayNode rules, Map<String, Integer> index, Finding f) {
        Integer existing = index.get(f.cve());
        if (existing != null) {
            return existing;
        }
        ObjectNode rule = rules.addObject();
        rule.put("id", f.cve());
        rule.put("name", f.cve().replace("-", ""));
        rule.putObject("shortDescription").put("text", f.cve() + " in " + f.pkg().source());
        String description = f.advisory().description();
        rule.putObject("fullDescription").put("text", description.isEmpty() ? f.cve() : description);
        rule.put("helpUri", "https://www.cve.org/CVERecord?id=" + f.cve());
        rule.putObject("help").put("text", f.explanation());
        ObjectNode props = rule.putObject("properties");
        props.putArray("tags").add("security").add("vulnerability").add(f.severity().word());
        if (score(f.severity()) != null) {
            props.put("security-severity", score(f.severity()));
        }
        index.put(f.cve(), index.size());
        return index.size() - 1;
    }

    private static ObjectNode result(ObjectNode res, Finding f, int ruleIndex) {
        res.put("ruleId", f.cve());
        res.put("ruleIndex", ruleIndex);
        res.put("level", level(f.severity()));
        res.putObject("message").put("text", "Package: " + f.pkg().name() + "\nInstalled: " + f.pkg().version()
                + "\nStatus: " + f.status().word() + "\nFixed in: " + (f.fixedVersion() == null ? "-" : f.fixedVersion())
                + "\n" + f.explanation());
        ObjectNode location = res.putArray("locations").addObject();
        location.putObject("physicalLocation").putObject("artifactLocation")
                .put("uri", InstalledPackages.STATUS_D.substring(1) + f.pkg().name());
        location.putArray("logicalLocations").addObject().put("name", f.pkg().name()).put("kind", "package")
                .put("fullyQualifiedName", f.pkg().name() + "@" + f.pkg().version());
        res.putObject("partialFingerprints").put("package/cve", f.pkg().name() + ":" + f.pkg().architecture() + ":" + f.cve());
        return res;
    }

    private static String level(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            default -> "note";
        };
    }

    private static String score(Severity s) {
        return switch (s) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "2.0";
            case NEGLIGIBLE -> "0.1";
            case UNKNOWN -> null;
        };
    }
}
