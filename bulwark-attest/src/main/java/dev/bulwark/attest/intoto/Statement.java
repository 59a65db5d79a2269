package dev.bulwark.attest.intoto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.attest.internal.Json;
import dev.bulwark.oci.Digest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An in-toto Statement v1 (https://in-toto.io/Statement/v1): subjects, a predicate type and the predicate as
 * JSON bytes. cosign reads v1 statements as well as the v0.1 ones it writes, and matches {@code predicateType}.
 */
public record Statement(List<Subject> subjects, String predicateType, byte[] predicate) {
    public static final String TYPE = "https://in-toto.io/Statement/v1";
    /** The DSSE payload type of an in-toto statement. */
    public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";

    public Statement {
        subjects = List.copyOf(subjects);
        Objects.requireNonNull(predicateType, "predicateType");
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("an in-toto statement needs at least one subject");
        }
        if (Json.readObject(predicate) == null) {
            throw new IllegalArgumentException("the predicate of a " + predicateType + " statement is not a JSON object");
        }
        predicate = predicate.clone();
    }

    @Override
    public byte[] predicate() {
        return predicate.clone();
    }

    /** Compact JSON: the bytes that get signed. */
    public byte[] toJson() {
        ObjectNode o = Json.object();
        o.put("_type", TYPE);
        ArrayNode subs = o.putArray("subject");
        for (Subject s : subjects) {
            subs.addObject().put("name", s.name()).putObject("digest").put("sha256", s.digest().hex());
        }
        o.put("predicateType", predicateType);
        o.set("predicate", Json.readObject(predicate));
        return Json.compact(o);
    }

    /** Reads a v1 or v0.1 statement; subjects without a sha256 digest are skipped. */
    public static Statement parse(byte[] json) throws IOException {
        ObjectNode o = Json.readObject(json);
        if (o == null || !o.path("predicateType").isTextual() || !o.path("subject").isArray()) {
            throw new IOException("not an in-toto statement: needs subject and predicateType");
        }
        List<Subject> subjects = new ArrayList<>();
        for (JsonNode s : o.get("subject")) {
            String hex = s.path("digest").path("sha256").asText("");
            if (hex.matches("[0-9a-f]{64}")) {
                subjects.add(new Subject(s.path("name").asText(""), new Digest(hex)));
            }
        }
        if (subjects.isEmpty()) {
            throw new IOException("not an in-toto statement: no subject has a sha256 digest");
        }
        JsonNode predicate = o.path("predicate");
        byte[] p = predicate.isObject() ? Json.compact(predicate) : "{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return new Statement(subjects, o.get("predicateType").asText(), p);
    }

    public boolean hasSubject(Digest digest) {
        return subjects.stream().anyMatch(s -> s.digest().equals(digest));
    }
}
