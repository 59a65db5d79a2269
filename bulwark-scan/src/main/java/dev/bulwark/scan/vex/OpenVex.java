package dev.bulwark.scan.vex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.scan.ScanException;
import dev.bulwark.core.BulwarkException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes OpenVEX 0.2 JSON ({@code https://openvex.dev/ns/v0.2.0}). */
public final class OpenVex {

    public static final String CONTEXT = "https://openvex.dev/ns/v0.2.0";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OpenVex() {
    }

    /**
     * Parses a document; {@code where} names it in errors. Accepts a vulnerability given as {@code {"name": …}} (0.2)
     * or as a plain string (earlier drafts), and products given as objects or plain IRIs.
     */
    public static VexDocument read(InputStream in, String where) throws ScanException {
        try {
            JsonNode root = MAPPER.readTree(in);
            if (root == null || !root.isObject() || !root.path("@context").asText("").startsWith("https://openvex.dev/ns")) {
                throw new ScanException(Kind.BAD_INPUT, "cannot read VEX document " + where
                        + ": it is not OpenVEX (no https://openvex.dev/ns @context)");
            }
            List<VexStatement> statements = new ArrayList<>();
            int i = 0;
            for (JsonNode s : root.path("statements")) {
                statements.add(statement(s, where + " statement " + i++));
            }
            return new VexDocument(root.path("@id").asText(where), root.path("author").asText(""),
                    instant(root.path("timestamp").asText(""), where), root.path("version").asInt(1), statements);
        } catch (IOException e) {
            throw new ScanException(Kind.BAD_INPUT, "cannot read VEX document " + where + ": " + e.getMessage(), e);
        }
    }

    private static VexStatement statement(JsonNode s, String where) throws ScanException {
        JsonNode v = s.path("vulnerability");
        String vuln = v.isTextual() ? v.asText() : v.path("name").asText(v.path("@id").asText(""));
        if (vuln.isEmpty()) {
            throw new ScanException(Kind.BAD_INPUT, "cannot read VEX " + where + ": it names no vulnerability");
        }
        List<VexStatement.Product> products = new ArrayList<>();
        for (JsonNode p : s.path("products")) {
            List<String> subs = new ArrayList<>();
            for (JsonNode sub : p.path("subcomponents")) {
                subs.add(sub.isTextual() ? sub.asText() : sub.path("@id").asText(""));
            }
            products.add(new VexStatement.Product(p.isTextual() ? p.asText() : p.path("@id").asText(""), subs));
        }
        try {
            return new VexStatement(vuln, products, s.path("status").asText(""), s.path("justification").asText(""),
                    s.path("impact_statement").asText(""), s.path("action_statement").asText(""));
        } catch (IllegalArgumentException e) {
            throw new ScanException(Kind.BAD_INPUT, "cannot read VEX " + where + ": " + e.getMessage(), e);
        }
    }

    private static Instant instant(String text, String where) throws ScanException {
        if (text.isEmpty()) {
            return Instant.EPOCH;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ScanException(Kind.BAD_INPUT, "cannot read VEX document " + where + ": timestamp '" + text
                    + "' is not RFC 3339", e);
        }
    }

    /** The document as pretty-printed UTF-8 JSON, fields in the specification's order. */
    public static byte[] write(VexDocument doc) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("@context", CONTEXT);
        root.put("@id", doc.id());
        root.put("author", doc.author());
        root.put("timestamp", doc.timestamp().toString());
        root.put("version", doc.version());
        ArrayNode statements = root.putArray("statements");
        for (VexStatement s : doc.statements()) {
            ObjectNode n = statements.addObject();
            n.putObject("vulnerability").put("name", s.vulnerability());
            ArrayNode products = n.putArray("products");
            for (VexStatement.Product p : s.products()) {
                ObjectNode pn = products.addObject().put("@id", p.id());
                if (!p.subcomponents().isEmpty()) {
                    ArrayNode subs = pn.putArray("subcomponents");
                    p.subcomponents().forEach(sub -> subs.addObject().put("@id", sub));
                }
            }
            n.put("status", s.status());
            putIfSet(n, "justification", s.justification());
            putIfSet(n, "impact_statement", s.impactStatement());
            putIfSet(n, "action_statement", s.actionStatement());
        }
        try {
            return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render VEX document", e);
        }
    }

    private static void putIfSet(ObjectNode n, String field, String value) {
        if (!value.isEmpty()) {
            n.put(field, value);
        }
    }
}
