package dev.bulwark.server.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.server.reference.AllowedReference;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSON views of comparisons and of the allowed references, as {@code openapi.yaml} describes them. */
public final class CompareJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CompareJson() {
    }

    public static String comparison(Comparison c) {
        ObjectNode root = MAPPER.createObjectNode();
        root.set("left", side(c.left()));
        root.set("right", side(c.right()));
        ObjectNode size = root.putObject("size");
        size.put("compressedBytesLeft", c.left().compressedBytes());
        size.put("compressedBytesRight", c.right().compressedBytes());
        size.put("compressedBytesDelta", c.right().compressedBytes() - c.left().compressedBytes());
        ArrayNode packages = root.putArray("packages");
        for (Comparison.PackageChange p : c.packages()) {
            ObjectNode n = packages.addObject();
            n.put("arch", p.arch());
            n.put("name", p.name());
            n.put("leftVersion", p.leftVersion());
            n.put("rightVersion", p.rightVersion());
        }
        ArrayNode findings = root.putArray("findings");
        for (Comparison.FindingChange f : c.findings()) {
            ObjectNode n = finding(findings.addObject(), f.finding());
            n.put("only", f.side());
        }
        return render(root);
    }

    public static String references(List<AllowedReference> references) {
        ArrayNode a = MAPPER.createArrayNode();
        for (AllowedReference r : references) {
            ObjectNode n = a.addObject();
            n.put("name", r.name());
            n.put("with", Sides.REF + r.name());
            n.put("reference", r.display());
        }
        return render(a);
    }

    private static ObjectNode side(ComparedSide s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("label", s.label());
        n.put("kind", s.kind());
        n.put("digest", s.digest());
        ArrayNode archs = n.putArray("archs");
        s.archs().forEach(archs::add);
        n.put("compressedBytes", s.compressedBytes());
        n.put("packageCount", s.packageCount());
        ObjectNode counts = n.putObject("severities");
        Comparison.severities(s).forEach(counts::put);
        n.put("findingCount", s.findings().size());
        return n;
    }

    private static ObjectNode finding(ObjectNode n, Vulnerability v) {
        n.put("id", v.id());
        n.put("package", v.packageName());
        n.put("installedVersion", v.installedVersion());
        n.put("fixedVersion", v.fixedVersion());
        n.put("severity", v.severity());
        return n;
    }

    private static String render(Object n) {
        try {
            return MAPPER.writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
