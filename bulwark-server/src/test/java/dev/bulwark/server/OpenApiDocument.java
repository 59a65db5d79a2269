package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.bulwark.server.api.ApiServer;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The checked-in {@code openapi.yaml}, read as the server ships it, and the checks that hold a response to it:
 * the status is one the operation documents, the body validates against that response's JSON Schema (2020-12, with
 * formats asserted), and documented headers are present.
 */
final class OpenApiDocument {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYWORDS = Set.of("type", "required", "description", "$ref", "const", "enum",
            "pattern", "format", "minimum", "maximum", "minLength", "maxLength");
    private final JsonNode doc;
    /** JSON Schema 2020-12, where the document's {@code components} (copied beside each schema) is no keyword. */
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                    .keyword(new NonValidationKeyword("components")).build()));
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    OpenApiDocument() throws Exception {
        try (InputStream in = ApiServer.class.getClassLoader().getResourceAsStream(ApiServer.OPENAPI_RESOURCE)) {
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        doc.path("components").path("schemas").forEach(OpenApiDocument::knownKeywordsOnly);
    }

    /** A misspelt keyword (or a YAML flow mapping split by a comma) would silently validate nothing. */
    private static void knownKeywordsOnly(JsonNode schema) {
        if (!schema.isObject()) {
            return;
        }
        schema.fields().forEachRemaining(e -> {
            switch (e.getKey()) {
                case "properties" -> e.getValue().forEach(OpenApiDocument::knownKeywordsOnly);
                case "items", "additionalProperties", "unevaluatedProperties" -> knownKeywordsOnly(e.getValue());
                case "allOf", "oneOf", "anyOf" -> e.getValue().forEach(OpenApiDocument::knownKeywordsOnly);
                default -> assertThat(KEYWORDS).as("schema keyword " + e.getKey() + " in " + schema).contains(e.getKey());
            }
        });
    }

    /** Every documented operation as {@code METHOD /path} (path as documented, without the server's base). */
    List<String> operations() {
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> p = doc.path("paths").fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> path = p.next();
            for (Iterator<String> m = path.getValue().fieldNames(); m.hasNext(); ) {
                String method = m.next();
                if (Set.of("get", "post", "put", "patch", "delete", "head", "options").contains(method)) {
                    out.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return out;
    }

    /** The statuses an operation documents. */
    List<Integer> statuses(String operation) {
        List<Integer> out = new ArrayList<>();
        operation(operation).path("responses").fieldNames().forEachRemaining(s -> out.add(Integer.parseInt(s)));
        return out;
    }

    /** Fails unless {@code response} is one {@code operation} documents, body and headers included. */
    void check(String operation, HttpResponse<String> response) throws Exception {
        int status = response.statusCode();
        JsonNode spec = operation(operation).path("responses").path(Integer.toString(status));
        assertThat(spec.isMissingNode()).as(operation + " answered " + status + ", which the document does not list: "
                + response.body()).isFalse();
        spec = resolve(spec);
        spec.path("headers").fieldNames().forEachRemaining(h -> assertThat(response.headers().firstValue(h))
                .as(operation + " " + status + " header " + h).isPresent());
        Iterator<Map.Entry<String, JsonNode>> contents = spec.path("content").fields();
        assertThat(contents.hasNext()).as(operation + " " + status + " has content").isTrue();
        Map.Entry<String, JsonNode> content = contents.next();
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(operation + " content type")
                .startsWith(content.getKey());
        if (!content.getKey().equals("application/json")) {
            return;
        }
        assertThat(validate(content.getValue().path("schema"), JSON.readTree(response.body())))
                .as(operation + " " + status + " body " + response.body()).isEmpty();
    }

    /** Validation messages for {@code value} against a schema from the document (its refs resolved there). */
    Set<ValidationMessage> validate(JsonNode schema, JsonNode value) {
        ObjectNode root = schema.deepCopy();
        root.set("components", doc.path("components"));
        JsonSchema s = factory.getSchema(SchemaLocation.of("urn:bulwark:openapi"), root, config);
        return s.validate(value);
    }

    /** Fails unless {@code r} is the JSON error {@code status} whose message contains {@code message}. */
    void checkError(HttpResponse<String> r, int status, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(validate(schema("Error"), body)).as(r.body()).isEmpty();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).contains(message);
    }

    JsonNode schema(String name) {
        return doc.path("components").path("schemas").path(name);
    }

    private JsonNode operation(String operation) {
        String[] mp = operation.split(" ", 2);
        JsonNode op = doc.path("paths").path(mp[1]).path(mp[0].toLowerCase(Locale.ROOT));
        assertThat(op.isMissingNode()).as("the document has " + operation).isFalse();
        return op;
    }

    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText("");
        if (!ref.startsWith("#/")) {
            return node;
        }
        JsonNode target = doc;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part.replace("~1", "/").replace("~0", "~"));
        }
        return target;
    }
}
