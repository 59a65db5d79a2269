package dev.bulwark.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.catalog.model.CatalogEvent;
import dev.bulwark.server.auth.IssuedToken;
import dev.bulwark.server.auth.Token;
import dev.bulwark.server.rebuild.RebuildRequest;
import java.util.List;

/**
 * The JSON the API writes besides the catalog's own views ({@code CatalogJson}, {@code VexJson}, …): errors,
 * health, rebuilds, tokens and events.
 */
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

    /** A token as listed: never its secret. */
    static String token(Token t) {
        return render(tokenNode(t));
    }

    static String tokens(List<Token> tokens) {
        ArrayNode list = MAPPER.createArrayNode();
        tokens.forEach(t -> list.add(tokenNode(t)));
        return render(list);
    }

    /** A token just created, with its secret: the only answer that carries one. */
    static String issued(IssuedToken t) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("secret", t.secret());
        n.set("token", tokenNode(t.token()));
        return render(n);
    }

    /** What happened to an image, oldest first. */
    static String events(String image, List<CatalogEvent> events) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("image", image);
        ArrayNode list = root.putArray("events");
        for (CatalogEvent e : events) {
            ObjectNode n = list.addObject();
            n.put("at", e.at().toString());
            n.put("kind", e.kind());
            if (e.build() > 0) {
                n.put("build", e.build());
            } else {
                n.putNull("build");
            }
            n.put("message", e.message());
        }
        return render(root);
    }

    private static ObjectNode tokenNode(Token t) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", t.id());
        n.put("name", t.name());
        n.put("role", t.role().label());
        n.put("createdAt", t.createdAt().toString());
        n.put("lastUsedAt", t.lastUsedAt() == null ? null : t.lastUsedAt().toString());
        n.put("revokedAt", t.revokedAt() == null ? null : t.revokedAt().toString());
        return n;
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
