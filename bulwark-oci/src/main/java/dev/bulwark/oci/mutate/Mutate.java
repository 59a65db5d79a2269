package dev.bulwark.oci.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.internal.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Pure changes to an image: each returns a new {@link Image} and never changes its input. What a change does not
 * name stays as the base has it — its layer descriptors byte for byte, its history, its manifest annotations and
 * the config fields Bulwark does not model (exposed ports, stop signal …), because the config is edited as JSON
 * rather than rebuilt. Manifest and config digests are computed from the new bytes.
 */
public final class Mutate {

    private Mutate() {
    }

    /** One layer to append and the history entry that records how it was made. */
    public record Addition(Layer layer, ImageConfig.History history) {
        public Addition {
            Objects.requireNonNull(layer, "layer");
            Objects.requireNonNull(history, "history");
            if (history.emptyLayer()) {
                throw new IllegalArgumentException("the history entry of an appended layer cannot be empty_layer");
            }
        }
    }

    /** The base with {@code additions} appended after its layers: diff_ids and history grow to match. */
    public static Image append(Image base, List<Addition> additions) throws OciException {
        boolean docker = MediaTypes.isDocker(base.manifest().mediaType());
        for (Addition a : additions) {
            String type = a.layer().descriptor().mediaType();
            if (!MediaTypes.isLayer(type) || MediaTypes.isDocker(type) != docker) {
                throw new OciException(Kind.BAD_INPUT, "cannot append layer " + a.layer().descriptor().digest()
                        + ": media type " + type + " does not fit a " + base.manifest().mediaType() + " image");
            }
        }
        ObjectNode config = configJson(base);
        ArrayNode diffIds = object(config, "rootfs").withArray("diff_ids");
        object(config, "rootfs").put("type", "layers");
        ArrayNode history = config.withArray("history");
        List<Layer> layers = new ArrayList<>(base.layers());
        for (Addition a : additions) {
            diffIds.add(a.layer().diffId().toString());
            history.add(historyJson(a.history()));
            layers.add(a.layer());
        }
        return rebuild(base, Json.write(config), layers, base.manifest().annotations());
    }

    /** The base with its runtime settings replaced by {@code runtime}; layers and history stay. */
    public static Image config(Image base, RuntimeConfig runtime) throws OciException {
        ObjectNode config = configJson(base);
        ObjectNode c = object(config, "config");
        set(c, "User", runtime.user());
        setStrings(c, "Env", runtime.env().isEmpty() ? null : runtime.env());
        setStrings(c, "Entrypoint", runtime.entrypoint());
        setStrings(c, "Cmd", runtime.cmd());
        set(c, "WorkingDir", runtime.workingDir());
        c.remove("Labels");
        Json.putMap(c, "Labels", runtime.labels());
        return rebuild(base, Json.write(config), base.layers(), base.manifest().annotations());
    }

    /** The base with its config's {@code created} time set, e.g. to SOURCE_DATE_EPOCH. */
    public static Image created(Image base, Instant created) throws OciException {
        ObjectNode config = configJson(base);
        set(config, "created", created == null ? null : created.toString());
        return rebuild(base, Json.write(config), base.layers(), base.manifest().annotations());
    }

    /** The base with {@code annotations} set on its manifest over the ones it has; the config stays byte for byte. */
    public static Image annotations(Image base, Map<String, String> annotations) throws OciException {
        Map<String, String> merged = new TreeMap<>(base.manifest().annotations());
        merged.putAll(annotations);
        return rebuild(base, base.rawConfig(), base.layers(), merged);
    }

    private static Image rebuild(Image base, byte[] rawConfig, List<Layer> layers, Map<String, String> annotations)
            throws OciException {
        Manifest old = base.manifest();
        Descriptor config = Descriptor.of(old.config().mediaType(), rawConfig);
        List<Descriptor> descriptors = new ArrayList<>(old.layers());
        for (Layer l : layers.subList(old.layers().size(), layers.size())) {
            descriptors.add(l.descriptor());
        }
        Manifest manifest = new Manifest(old.mediaType(), config, descriptors, annotations, old.subject(),
                old.artifactType());
        return Images.of(manifest.toJson(), rawConfig, layers);
    }

    private static ObjectNode configJson(Image base) throws OciException {
        return Json.read(base.rawConfig(), "image config");
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        return n instanceof ObjectNode o ? o : parent.putObject(field);
    }

    private static ObjectNode historyJson(ImageConfig.History h) {
        ObjectNode n = Json.object();
        if (h.created() != null) {
            n.put("created", h.created().toString());
        }
        Json.putIfNotNull(n, "created_by", h.createdBy());
        Json.putIfNotNull(n, "comment", h.comment());
        return n;
    }

    private static void set(ObjectNode node, String field, String value) {
        if (value == null) {
            node.remove(field);
        } else {
            node.put(field, value);
        }
    }

    private static void setStrings(ObjectNode node, String field, List<String> values) {
        node.remove(field);
        Json.putStrings(node, field, values);
    }
}
