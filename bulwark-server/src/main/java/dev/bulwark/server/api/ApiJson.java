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
        var j = r.job();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", j.id());
        n.put("image", j.image());
        n.put("reason", j.reason());
        n.put("requestedBy", j.requestedBy());
        n.put("requestedAt", j.requestedAt().toString());
        n.put("state", j.state());
        n.put("merged", r.merged());
        n.put("source", j.source());
        n.put("attempts", j.attempts());
        if (j.startedAt() != null) {
            n.put("startedAt", j.startedAt().toString());
        }
        if (j.finishedAt() != null) {
            n.put("finishedAt", j.finishedAt().toString());
        }
        if (j.worker() != null) {
            n.put("worker", j.worker());
        }
        if (j.outcome() != null) {
            n.put("outcome", j.outcome());
        }
        if (j.build() != null) {
            n.put("build", j.build());
        }
        if (j.message() != null) {
            n.put("message", j.message());
        }
        var log = n.putArray("log");
        j.log().forEach(log::add);
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
