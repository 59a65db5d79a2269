package dev.bulwark.catalog.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.catalog.plan.Candidate;
import dev.bulwark.catalog.plan.Decision;
import java.util.Locale;

/** The {@code --format json} view of a watch cycle. */
public final class WatchJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private WatchJson() {
    }

    public static String render(WatchResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("run", r.runId());
        ArrayNode suites = root.putArray("suites");
        r.suites().forEach(s -> suites.addObject().put("suite", s.suite()).put("inReleaseSha256", s.inReleaseSha256())
                .put("changed", s.changed()));
        ArrayNode images = root.putArray("images");
        for (WatchResult.Entry e : r.entries()) {
            Decision d = e.decision();
            ObjectNode n = images.addObject();
            n.put("image", d.image());
            n.put("decision", d.rebuild() ? "rebuild" : "no-rebuild");
            n.put("rule", d.why().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            n.put("reason", d.reason());
            if (d.cascadeFrom() != null) {
                n.put("cascadeFrom", d.cascadeFrom());
            }
            ArrayNode fixes = n.putArray("fixes");
            for (Decision.Update u : d.fixes()) {
                ObjectNode f = fixes.addObject().put("arch", u.arch()).put("package", u.name())
                        .put("installed", u.installed().toString()).put("candidate", u.candidate().toString())
                        .put("suite", u.suite()).put("seenAt", u.seenAt().toString());
                ArrayNode cves = f.putArray("cves");
                u.fixes().stream().map(Candidate.Fix::cve).forEach(cves::add);
            }
            n.put("outcome", e.outcome());
            if (e.build() != null) {
                n.put("build", e.build());
            }
            n.put("message", e.message());
        }
        root.put("rebuilt", r.rebuilt());
        root.put("failed", r.failed());
        root.put("planningMillis", r.planning().toNanos() / 1e6);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
        }
    }
}
