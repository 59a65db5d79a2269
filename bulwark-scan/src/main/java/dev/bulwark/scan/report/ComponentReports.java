package dev.bulwark.scan.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.text.Escape;
import dev.bulwark.image.components.Component;
import dev.bulwark.scan.ecosystem.ComponentFinding;
import dev.bulwark.scan.ecosystem.ComponentScan;
import dev.bulwark.scan.match.ScanResult;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What each report says about the image's language components: their findings, and the components that were not
 * checked (no advisory data of their ecosystem, or a version the ecosystem's rules cannot read), so that "no findings"
 * is never read as "clean" for them. Reports of images without components are unchanged.
 */
final class ComponentReports {

    private ComponentReports() {
    }

    private static boolean any(ScanResult r) {
        return !r.target().languageComponents().isEmpty();
    }

    static void table(StringBuilder b, ScanResult r) {
        if (!any(r)) {
            return;
        }
        ComponentScan s = r.components();
        b.append("\nLanguage components: ").append(r.target().languageComponents().size()).append(" found, ")
                .append(s.findings().size()).append(" findings, ").append(s.unchecked().size()).append(" not checked, ")
                .append(s.debianOwned().size()).append(" covered by their Debian package\n");
        for (ComponentFinding f : s.findings()) {
            b.append("  ").append(f.component().purl()).append("  ").append(f.id()).append("  ")
                    .append(f.severity().word()).append("  fixed in ").append(f.fixedVersion() == null ? "-" : f.fixedVersion())
                    .append("  at ").append(f.component().location()).append('\n');
        }
        if (!s.unchecked().isEmpty()) {
            b.append("Not checked: ").append(s.uncheckedCounts().entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey().osvName()).toList()).append('\n');
            s.unchecked().forEach(u -> b.append("  ").append(Escape.text(u.component().purl())).append(": ")
                    .append(u.reason()).append('\n'));
        }
    }

    static void json(ObjectNode root, ScanResult r) {
        if (!any(r)) {
            return;
        }
        ObjectNode c = root.putObject("languageComponents");
        c.put("found", r.target().languageComponents().size());
        ArrayNode findings = c.putArray("findings");
        for (ComponentFinding f : r.components().findings()) {
            ObjectNode n = findings.addObject();
            component(n, f.component());
            n.put("id", f.id()).put("advisory", f.advisory().recordId()).put("severity", f.severity().word());
            if (f.fixedVersion() != null) {
                n.put("fixedVersion", f.fixedVersion());
            }
            n.put("explanation", f.explanation());
        }
        ArrayNode unchecked = c.putArray("notChecked");
        r.components().unchecked().forEach(u -> component(unchecked.addObject(), u.component()).put("reason", u.reason()));
        ArrayNode owned = c.putArray("coveredByDebianPackage");
        r.components().debianOwned().forEach(o -> component(owned.addObject(), o).put("debianPackage", o.debianPackage()));
        ArrayNode notes = c.putArray("notRead");
        r.target().components().notes().forEach(n -> notes.addObject().put("path", n.path()).put("message", n.message()));
    }

    private static ObjectNode component(ObjectNode n, Component c) {
        return n.put("purl", c.purl()).put("ecosystem", c.ecosystem().osvName()).put("name", c.osvName())
                .put("version", c.version()).put("location", c.location());
    }

    static void sarif(ObjectNode run, ArrayNode rules, Map<String, Integer> ruleIndex, ArrayNode results,
                      ScanResult r) {
        for (ComponentFinding f : r.components().findings()) {
            Integer index = ruleIndex.get(f.id());
            if (index == null) {
                ObjectNode rule = rules.addObject().put("id", f.id()).put("name", f.id().replaceAll("[^A-Za-z0-9]", ""));
                rule.putObject("shortDescription").put("text", f.id() + " in " + f.component().osvName());
                rule.putObject("fullDescription").put("text", f.advisory().summary().isEmpty() ? f.id()
                        : f.advisory().summary());
                rule.putObject("help").put("text", f.explanation());
                rule.putObject("properties").putArray("tags").add("security").add("vulnerability")
                        .add(f.severity().word());
                index = ruleIndex.size();
                ruleIndex.put(f.id(), index);
            }
            ObjectNode res = results.addObject().put("ruleId", f.id()).put("ruleIndex", index)
                    .put("level", switch (f.severity()) {
                        case CRITICAL, HIGH -> "error";
                        case MEDIUM -> "warning";
                        default -> "note";
                    });
            res.putObject("message").put("text", "Component: " + f.component().purl() + "\n" + f.explanation());
            ObjectNode location = res.putArray("locations").addObject();
            location.putObject("physicalLocation").putObject("artifactLocation")
                    .put("uri", f.component().file().substring(1));
            location.putArray("logicalLocations").addObject().put("name", f.component().osvName())
                    .put("kind", "package").put("fullyQualifiedName", f.component().location());
            res.putObject("partialFingerprints").put("component/id", f.component().purl() + ":" + f.id());
        }
        if (r.components().unchecked().isEmpty()) {
            return;
        }
        ArrayNode invocations = run.has("invocations") ? (ArrayNode) run.get("invocations") : run.putArray("invocations");
        ObjectNode invocation = invocations.isEmpty() ? invocations.addObject().put("executionSuccessful", true)
                : (ObjectNode) invocations.get(0);
        ArrayNode notes = invocation.has("toolExecutionNotifications")
                ? (ArrayNode) invocation.get("toolExecutionNotifications") : invocation.putArray("toolExecutionNotifications");
        r.components().unchecked().forEach(u -> {
            ObjectNode note = notes.addObject().put("level", "warning");
            note.putObject("descriptor").put("id", "not-checked");
            note.putObject("message").put("text", "not checked: " + u.component().purl() + " at "
                    + u.component().location() + ": " + u.reason());
        });
    }

    static void cyclonedx(ObjectNode metadata, ArrayNode components, ArrayNode vulns, ScanResult r) {
        if (!any(r)) {
            return;
        }
        Map<String, String> unchecked = new java.util.TreeMap<>();
        r.components().unchecked().forEach(u -> unchecked.putIfAbsent(u.component().purl(), u.reason()));
        Set<String> seen = new LinkedHashSet<>();
        for (Component c : r.target().languageComponents()) {
            if (seen.add(c.purl())) {
                ObjectNode n = components.addObject().put("type", "library").put("bom-ref", c.purl());
                if (c.namespace() != null) {
                    n.put("group", c.namespace());
                }
                n.put("name", c.name()).put("version", c.version()).put("purl", c.purl());
                if (unchecked.containsKey(c.purl())) {
                    n.putArray("properties").addObject().put("name", "bulwark:not-checked").put("value", unchecked.get(c.purl()));
                }
            }
        }
        if (!unchecked.isEmpty()) {
            ArrayNode props = metadata.has("properties") ? (ArrayNode) metadata.get("properties") : metadata.putArray("properties");
            r.components().uncheckedCounts().forEach((e, n) -> props.addObject().put("name", "bulwark:not-checked")
                    .put("value", n + " " + e.osvName() + " components: no advisory data for them"));
        }
        for (ComponentFinding f : r.components().findings()) {
            ObjectNode v = vulns.addObject().put("bom-ref", f.id() + ":" + f.component().purl()).put("id", f.id());
            v.putObject("source").put("name", "OSV").put("url", "https://osv.dev/vulnerability/" + f.advisory().recordId());
            if (f.severity() != dev.bulwark.scan.advisory.Severity.UNKNOWN) {
                v.putArray("ratings").addObject().put("severity", f.severity().word()).put("method", "other");
            }
            v.put("description", f.advisory().summary());
            if (f.fixedVersion() != null) {
                v.put("recommendation", "Update " + f.component().osvName() + " to " + f.fixedVersion() + " or later");
            }
            v.putObject("analysis").put("state", "exploitable").put("detail", f.explanation());
            v.putArray("affects").addObject().put("ref", f.component().purl());
        }
    }
}
