package dev.bulwark.oci.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.internal.Json;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The OCI image configuration: what the runtime needs (user, env, entrypoint …) and the uncompressed layer
 * digests ({@code rootfs.diff_ids}). {@code entrypoint}, {@code cmd}, {@code created}, {@code user},
 * {@code workingDir} and {@code variant} may be null (unset); lists and maps are never null.
 */
public record ImageConfig(String architecture, String os, String variant, Instant created, String user,
                          List<String> env, List<String> entrypoint, List<String> cmd, String workingDir,
                          Map<String, String> labels, List<History> history, List<Digest> diffIds) {

    /** One {@code history} entry; {@code emptyLayer} marks a step that produced no layer. */
    public record History(Instant created, String createdBy, String comment, boolean emptyLayer) {
    }

    public ImageConfig {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(os, "os");
        env = List.copyOf(env == null ? List.of() : env);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        history = List.copyOf(history == null ? List.of() : history);
        diffIds = List.copyOf(diffIds == null ? List.of() : diffIds);
    }

    /** A config for the platform with nothing else set. */
    public static ImageConfig forPlatform(Platform p) {
        return new ImageConfig(p.architecture(), p.os(), p.variant(), null, null, List.of(), null, null, null,
                Map.of(), List.of(), List.of());
    }

    public Platform platform() {
        return new Platform(os, architecture, variant);
    }

    public ImageConfig withDiffIds(List<Digest> ids) {
        return new ImageConfig(architecture, os, variant, created, user, env, entrypoint, cmd, workingDir, labels,
                history, ids);
    }

    public ImageConfig withHistory(List<History> h) {
        return new ImageConfig(architecture, os, variant, created, user, env, entrypoint, cmd, workingDir, labels,
                h, diffIds);
    }

    /** The canonical JSON bytes: fixed field order, sorted labels, no whitespace. */
    public byte[] toJson() {
        ObjectNode o = Json.object();
        if (created != null) {
            o.put("created", created.toString());
        }
        o.put("architecture", architecture);
        o.put("os", os);
        Json.putIfNotNull(o, "variant", variant);
        ObjectNode c = o.putObject("config");
        Json.putIfNotNull(c, "User", user);
        Json.putStrings(c, "Env", env.isEmpty() ? null : env);
        Json.putStrings(c, "Entrypoint", entrypoint);
        Json.putStrings(c, "Cmd", cmd);
        Json.putIfNotNull(c, "WorkingDir", workingDir);
        Json.putMap(c, "Labels", labels);
        ObjectNode rootfs = o.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(d -> ids.add(d.toString()));
        if (!history.isEmpty()) {
            ArrayNode h = o.putArray("history");
            for (History e : history) {
                ObjectNode n = h.addObject();
                if (e.created() != null) {
                    n.put("created", e.created().toString());
                }
                Json.putIfNotNull(n, "created_by", e.createdBy());
                Json.putIfNotNull(n, "comment", e.comment());
                if (e.emptyLayer()) {
                    n.put("empty_layer", true);
                }
            }
        }
        return Json.write(o);
    }

    /** Reads a config written by any tool; fields Bulwark does not model are dropped. */
    public static ImageConfig parse(byte[] json) throws OciException {
        String what = "image config";
        ObjectNode o = Json.read(json, what);
        JsonNode c = o.path("config");
        List<Digest> ids = new ArrayList<>();
        JsonNode idNodes = o.path("rootfs").path("diff_ids");
        for (JsonNode n : idNodes) {
            ids.add(Json.digest(wrap(n), "d", what));
        }
        List<History> history = new ArrayList<>();
        for (JsonNode n : o.path("history")) {
            history.add(new History(instant(Json.text(n, "created"), what), Json.text(n, "created_by"),
                    Json.text(n, "comment"), n.path("empty_layer").asBoolean(false)));
        }
        try {
            return new ImageConfig(Json.required(o, "architecture", what), Json.required(o, "os", what),
                    Json.text(o, "variant"), instant(Json.text(o, "created"), what), Json.text(c, "User"),
                    Json.strings(c, "Env"), Json.strings(c, "Entrypoint"), Json.strings(c, "Cmd"),
                    Json.text(c, "WorkingDir"), Json.map(c, "Labels"), history, ids);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new OciException(Kind.BAD_INPUT, "cannot parse " + what + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode wrap(JsonNode value) {
        ObjectNode o = Json.object();
        o.set("d", value);
        return o;
    }

    private static Instant instant(String s, String what) throws OciException {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new OciException(Kind.BAD_INPUT, "cannot parse " + what + ": bad time '" + s + "'", e);
        }
    }
}
