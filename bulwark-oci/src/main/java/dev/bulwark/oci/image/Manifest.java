package dev.bulwark.oci.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.internal.Json;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An image manifest (OCI or Docker schema 2): the config descriptor and the layers in order.
 * {@code subject} and {@code artifactType} may be null.
 */
public record Manifest(String mediaType, Descriptor config, List<Descriptor> layers, Map<String, String> annotations,
                       Descriptor subject, String artifactType) {

    public Manifest {
        Objects.requireNonNull(config, "config");
        if (!MediaTypes.isManifest(mediaType)) {
            throw new IllegalArgumentException("not a manifest media type: " + mediaType);
        }
        layers = List.copyOf(layers == null ? List.of() : layers);
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    /** An OCI manifest with no subject or artifact type. */
    public static Manifest oci(Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
        return new Manifest(MediaTypes.OCI_MANIFEST, config, layers, annotations, null, null);
    }

    public byte[] toJson() {
        ObjectNode o = Json.object();
        o.put("schemaVersion", 2);
        o.put("mediaType", mediaType);
        Json.putIfNotNull(o, "artifactType", artifactType);
        o.set("config", Json.descriptor(config));
        o.set("layers", Json.descriptorArray(layers));
        if (subject != null) {
            o.set("subject", Json.descriptor(subject));
        }
        Json.putMap(o, "annotations", annotations);
        return Json.write(o);
    }

    public static Manifest parse(byte[] json) throws OciException {
        String what = "image manifest";
        ObjectNode o = Json.read(json, what);
        if (o.path("schemaVersion").asInt() != 2) {
            throw new OciException(Kind.BAD_INPUT, "cannot parse " + what + ": schemaVersion is not 2");
        }
        String mediaType = Json.text(o, "mediaType");
        if (mediaType == null) {
            mediaType = MediaTypes.OCI_MANIFEST; // optional in OCI; the config's type decides otherwise
        }
        if (!MediaTypes.isManifest(mediaType)) {
            throw new OciException(Kind.BAD_INPUT, "cannot parse " + what + ": media type " + mediaType
                    + " is not an image manifest");
        }
        Descriptor subject = o.has("subject") ? Json.descriptor(o.get("subject"), what) : null;
        return new Manifest(mediaType, Json.descriptor(o.get("config"), what), Json.descriptors(o, "layers", what),
                Json.map(o, "annotations"), subject, Json.text(o, "artifactType"));
    }
}
