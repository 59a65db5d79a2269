package dev.bulwark.policy.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.policy.rules.Level;
import dev.bulwark.policy.rules.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders policy reports as a table for people, JSON for machines, and SARIF 2.1.0 for code-scanning tools. */
public final class PolicyReports {
    /** The in-toto predicate type of a policy report attached to an image. */
    public static final String PREDICATE_TYPE = "https://bulwark.dev/attestations/policy-report/v1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PolicyReports() {
    }

    public static String table(List<PolicyReport> reports) {
        StringBuilder out = new StringBuilder();
        for (PolicyReport r : reports) {
            out.append(Printable.escape(r.image())).append(r.platform().isEmpty() ? "" : " (" + r.platform() + ")")
                    .append(" — policy: ").append(Printable.escape(r.policy())).append('\n');
            for (RuleResult res : r.results()) {
                String mark = switch (res.status()) {
                    case PASSED -> "pass";
                    case SKIPPED -> "skip";
                    case FAILED -> res.level() == Level.DENY ? "FAIL" : "warn";
                };
                out.append(String.format("  %-4s  %-22s", mark, res.id()));
                if (res.status() == RuleResult.Status.SKIPPED) {
                    out.append("  ").append(Printable.escape(res.note()));
                } else if (!res.waived().isEmpty()) {
                    out.append("  (").append(res.waived().size()).append(" waived by exceptions)");
                }
                out.append('\n');
                int shown = 0;
                for (Violation v : res.violations()) {
                    if (shown++ == 20) {
                        out.append("          … and ").append(res.violations().size() - 20).append(" more\n");
                        break;
                    }
                    out.append("          ").append(Printable.escape(v.message())).append('\n');
                }
                if (res.status() == RuleResult.Status.FAILED) {
                    out.append("          why: ").append(res.rationale()).append('\n');
                    out.append("          fix: ").append(res.fix()).append('\n');
                }
            }
            long denied = r.results().stream().filter(RuleResult::denies).count();
            long warned = r.failures().size() - denied;
            out.append(denied == 0 ? "  passed" : "  FAILED: " + denied + " rule(s) at deny")
                    .append(warned > 0 ? ", " + warned + " warning(s)" : "").append('\n');
        }
        return out.toString();
    }

    public static ObjectNode jsonNode(PolicyReport r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("image", r.image());
        if (r.digest() != null) {
            o.put("digest", r.digest());
        }
        o.put("platform", r.platform());
        o.put("policy", r.policy());
        o.put("passed", !r.failed());
        ArrayNode results = o.putArray("results");
        for (RuleResult res : r.results()) {
            ObjectNode n = results.addObject();
            n.put("rule", res.id());
            n.put("level", res.level().word());
            n.put("status", res.status().name().toLowerCase(java.util.Locale.ROOT));
            n.put("rationale", res.rationale());
            n.put("fix", res.fix());
            if (!res.note().isEmpty()) {
                n.put("note", res.note());
            }
            violations(n.putArray("violations"), res.violations());
            violations(n.putArray("waived"), res.waived());
        }
        return o;
    }

    public static String json(List<PolicyReport> reports) {
        ArrayNode all = JSON.createArrayNode();
        reports.forEach(r -> all.add(jsonNode(r)));
        return render(reports.size() == 1 ? jsonNode(reports.get(0)) : all);
    }

    private static void violations(ArrayNode out, List<Violation> vs) {
        for (Violation v : vs) {
            out.addObject().put("subject", v.subject()).put("message", v.message());
        }
    }

    public static String sarif(List<PolicyReport> reports, String toolVersion) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ArrayNode runs = root.putArray("runs");
        for (PolicyReport r : reports) {
            ObjectNode run = runs.addObject();
            ObjectNode driver = run.putObject("tool").putObject("driver");
            driver.put("name", "bulwark-policy");
            driver.put("version", toolVersion);
            ArrayNode rules = driver.putArray("rules");
            Map<String, Integer> index = new LinkedHashMap<>();
            for (RuleResult res : r.results()) {
                index.put(res.id(), index.size());
                ObjectNode rule = rules.addObject();
                rule.put("id", res.id());
                rule.putObject("shortDescription").put("text", res.rationale().isEmpty() ? res.id() : res.rationale());
                rule.putObject("help").put("text", res.fix().isEmpty() ? res.id() : res.fix());
                rule.putObject("defaultConfiguration").put("level", sarifLevel(res.level()));
            }
            ArrayNode results = run.putArray("results");
            for (RuleResult res : r.results()) {
                for (Violation v : res.violations()) {
                    result(results.addObject(), res, v, index.get(res.id()), false);
                }
                for (Violation v : res.waived()) {
                    result(results.addObject(), res, v, index.get(res.id()), true);
                }
            }
            ObjectNode props = run.putObject("properties");
            props.put("image", r.image());
            if (r.digest() != null) {
                props.put("digest", r.digest());
            }
        }
        return render(root);
    }

    private static void result(ObjectNode res, RuleResult rule, Violation v, int index, boolean waived) {
        res.put("ruleId", rule.id());
        res.put("ruleIndex", index);
        res.put("level", sarifLevel(rule.level()));
        res.putObject("message").put("text", v.message());
        ObjectNode loc = res.putArray("locations").addObject();
        if (v.subject().startsWith("/")) {
            loc.putObject("physicalLocation").putObject("artifactLocation").put("uri", uri(v.subject().substring(1)));
        } else {
            loc.putArray("logicalLocations").addObject().put("name", v.subject());
        }
        if (waived) {
            res.putArray("suppressions").addObject().put("kind", "external").put("status", "accepted")
                    .put("justification", "policy exception");
        }
    }

    /** A relative URI reference for a path read from an image: anything outside RFC 3986's path characters is %-encoded. */
    static String uri(String path) {
        try {
            return new java.net.URI(null, null, path, null).toASCIIString();
        } catch (java.net.URISyntaxException e) {
            return java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String sarifLevel(Level l) {
        return switch (l) {
            case DENY -> "error";
            case WARN -> "warning";
            case OFF -> "none";
        };
    }

    static String render(com.fasterxml.jackson.databind.JsonNode n) {
        try {
            return JSON.writeValueAsString(n) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render a JSON tree", e);
        }
    }
}
