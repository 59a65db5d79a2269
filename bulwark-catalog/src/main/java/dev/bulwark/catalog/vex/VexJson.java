package dev.bulwark.catalog.vex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The JSON views of vulnerabilities with their VEX status: one build's, one vulnerability's, the fleet's. */
public final class VexJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VexJson() {
    }

    /** One build's findings, suppressed ones included, with the counts of what is left after VEX. */
    public static String build(BuildVex.Findings f) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("image", f.image());
        root.put("build", f.build());
        root.put("scanned", f.scanned());
        root.put("affected", f.findings().stream().filter(v -> !v.suppressed()).count());
        root.put("suppressed", f.findings().stream().filter(VexFinding::suppressed).count());
        ArrayNode list = root.putArray("vulnerabilities");
        f.findings().forEach(v -> finding(list.addObject(), v));
        return render(root);
    }

    /** Which images' newest builds have {@code vulnerability}. */
    public static String uses(String vulnerability, List<FleetVulnerabilities.Use> uses) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", vulnerability);
        root.put("images", uses.stream().map(FleetVulnerabilities.Use::image).distinct().count());
        root.put("affected", uses.stream().filter(u -> !u.finding().suppressed()).map(FleetVulnerabilities.Use::image)
                .distinct().count());
        ArrayNode list = root.putArray("uses");
        for (FleetVulnerabilities.Use u : uses) {
            ObjectNode n = list.addObject();
            n.put("image", u.image());
            n.put("build", u.build());
            finding(n, u.finding());
            n.remove("id");
        }
        return render(root);
    }

    /** The fleet's vulnerabilities, worst and most widespread first. */
    public static String exposures(List<FleetVulnerabilities.Exposure> exposures) {
        ArrayNode list = MAPPER.createArrayNode();
        for (FleetVulnerabilities.Exposure e : exposures) {
            ObjectNode n = list.addObject();
            n.put("id", e.vulnerability());
            n.put("severity", e.severity());
            n.put("images", e.images());
            n.put("affected", e.affected());
            n.put("suppressed", e.suppressed());
            n.put("fixable", e.fixable());
            ArrayNode packages = n.putArray("packages");
            e.packages().forEach(packages::add);
        }
        return render(list);
    }

    private static void finding(ObjectNode n, VexFinding v) {
        n.put("id", v.vulnerability());
        n.put("package", v.packageName());
        n.put("installedVersion", v.installedVersion());
        n.put("fixedVersion", v.fixedVersion());
        n.put("severity", v.severity());
        n.put("suppressed", v.suppressed());
        if (v.status() == null) {
            n.putNull("vex");
        } else {
            n.putObject("vex").put("status", v.status()).put("justification", v.justification())
                    .put("statement", v.statement()).put("document", v.document());
        }
    }

    private static String render(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }
}
