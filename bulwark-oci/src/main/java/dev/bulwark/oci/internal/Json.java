package dev.bulwark.oci.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.DigestParseException;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Jackson glue for the OCI documents. Not API: nothing outside this module may see a Jackson type.
 * Output is compact with fields in insertion order and map keys sorted, so equal values give equal bytes
 * (and equal digests).
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON tree", e);
        }
    }

    public static ObjectNode read(byte[] bytes, String what) throws OciException {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new OciException(Kind.BAD_INPUT, "cannot parse " + what + ": not a JSON object");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new OciException(Kind.BAD_INPUT, "cannot parse " + what + ": " + e.getMessage(), e);
        }
    }

    /** Any JSON value, e.g. the array of a docker archive's manifest.json. */
    public static JsonNode readTree(byte[] bytes, String what) throws OciException {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null) {
                throw new OciException(Kind.BAD_INPUT, "cannot parse " + what + ": it is empty");
            }
            return node;
        } catch (IOException e) {
            throw new OciException(Kind.BAD_INPUT, "cannot parse " + what + ": " + e.getMessage(), e);
        }
    }

    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public static String required(JsonNode node, String field, String what) throws OciException {
        String v = text(node, field);
        if (v == null) {
            throw new OciException(Kind.BAD_INPUT, "cannot parse " + what + ": missing field '" + field + "'");
        }
        return v;
    }

    public static List<String> strings(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    public static Map<String, String> map(JsonNode node, String field) {
        JsonNode v = node.get(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (v != null && v.isObject()) {
            v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    public static void putStrings(ObjectNode node, String field, List<String> values) {
        if (values != null) {
            ArrayNode a = node.putArray(field);
            values.forEach(a::add);
        }
    }

    public static void putMap(ObjectNode node, String field, Map<String, String> values) {
        if (values != null && !values.isEmpty()) {
            ObjectNode o = node.putObject(field);
            new TreeMap<>(values).forEach(o::put);
        }
    }

    public static void putIfNotNull(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    public static Digest digest(JsonNode node, String field, String what) throws OciException {
        try {
            return Digest.parse(required(node, field, what));
        } catch (DigestParseException e) {
            throw new OciException(Kind.BAD_INPUT, "cannot parse " + what + ": " + e.getMessage(), e);
        }
    }

    public static ObjectNode descriptor(Descriptor d) {
        ObjectNode o = object();
        o.put("mediaType", d.mediaType());
        o.put("digest", d.digest().toString());
        o.put("size", d.size());
        putMap(o, "annotations", d.annotations());
        putIfNotNull(o, "artifactType", d.artifactType());
        if (d.platform() != null) {
            o.set("platform", platform(d.platform()));
        }
        return o;
    }

    public static ObjectNode platform(Platform p) {
        ObjectNode o = object();
        o.put("architecture", p.architecture());
        o.put("os", p.os());
        putIfNotNull(o, "variant", p.variant());
        return o;
    }

    public static Descriptor descriptor(JsonNode node, String what) throws OciException {
        if (node == null || !node.isObject()) {
            throw new OciException(Kind.BAD_INPUT, "cannot parse " + what + ": descriptor is not an object");
        }
        JsonNode size = node.get("size");
        if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
            throw new OciException(Kind.BAD_INPUT, "cannot parse " + what + ": bad descriptor size");
        }
        JsonNode p = node.get("platform");
        Platform platform = null;
        if (p != null && p.isObject()) {
            try {
                platform = new Platform(required(p, "os", what), required(p, "architecture", what),
                        text(p, "variant"));
            } catch (IllegalArgumentException e) {
                throw new OciException(Kind.BAD_INPUT, "cannot parse " + what + ": " + e.getMessage(), e);
            }
        }
        return new Descriptor(required(node, "mediaType", what), digest(node, "digest", what), size.asLong(),
                map(node, "annotations"), platform, text(node, "artifactType"));
    }

    public static List<Descriptor> descriptors(JsonNode node, String field, String what) throws OciException {
        List<Descriptor> out = new ArrayList<>();
        JsonNode v = node.get(field);
        if (v != null && v.isArray()) {
            for (JsonNode e : v) {
                out.add(descriptor(e, what));
            }
        }
        return out;
    }

    public static ArrayNode descriptorArray(List<Descriptor> ds) {
        ArrayNode a = array();
        ds.forEach(d -> a.add(descriptor(d)));
        return a;
    }
}
