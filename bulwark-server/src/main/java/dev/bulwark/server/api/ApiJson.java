package dev.bulwark.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.server.rebuild.RebuildRequest;

/** The JSON the API writes besides the catalog's own views ({@code CatalogJson}): errors, health, rebuilds. */
final class ApiJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiJson() {
    }

    static String error(int status, String message) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("error", message);
        n.put("status", status);
        return render(n);
    }

    static String health(String catalog) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("status", "ok");
        n.put("catalog", catalog);
        return render(n);
    }

    static String rebuild(RebuildRequest r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", r.id());
        n.put("image", r.image());
        n.put("reason", r.reason());
        n.put("requestedBy", r.requestedBy());
        n.put("requestedAt", r.requestedAt().toString());
        n.put("state", r.state());
        return render(n);
    }

    /** Parses a request body; null when it is not JSON. */
    static JsonNode parse(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
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
