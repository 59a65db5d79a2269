package dev.bulwark.oci.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.internal.Json;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An image index (OCI) or manifest list (Docker): one manifest per platform. An OCI layout's
 * {@code index.json} is also an index, whose descriptors carry the tag as a ref-name annotation.
 */
public record ImageIndex(String mediaType, List<Descriptor> manifests, Map<String, String> annotations,
                         Descriptor subject, String artifactType) {

    public ImageIndex {
        if (!MediaTypes.isIndex(mediaType)) {
            throw new IllegalArgumentException("not an index media type: " + mediaType);
        }
        manifests = List.copyOf(manifests == null ? List.of() : manifests);
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public static ImageIndex oci(List<Descriptor> manifests, Map<String, String> annotations) {
        return new ImageIndex(MediaTypes.OCI_INDEX, manifests, annotations, null, null);
    }

    public byte[] toJson() {
        ObjectNode o = Json.object();
        o.put("schemaVersion", 2);
        o.put("mediaType", mediaType);
        Json.putIfNotNull(o, "artifactType", artifactType);
        o.set("manifests", Json.descriptorArray(manifests));
        if (subject != null) {
            o.set("subject", Json.descriptor(subject));
        }
        Json.putMap(o, "annotations", annotations);
        return Json.write(o);
    }

    public static ImageIndex parse(byte[] json) throws OciException {
        String what = "image index";
        ObjectNode o = Json.read(json, what);
        if (o.path("schemaVersion").asInt() != 2) {
            throw new OciException(Kind.BAD_INPUT, "cannot parse " + what + ": schemaVersion is not 2");
        }
        String mediaType = Json.text(o, "mediaType");
        if (mediaType == null) {
            mediaType = MediaTypes.OCI_INDEX; // optional in an OCI layout's index.json
        }
        if (!MediaTypes.isIndex(mediaType)) {
            throw new OciException(Kind.BAD_INPUT, "cannot parse " + what + ": media type " + mediaType
                    + " is not an index");
        }
        Descriptor subject = o.has("subject") ? Json.descriptor(o.get("subject"), what) : null;
        return new ImageIndex(mediaType, Json.descriptors(o, "manifests", what), Json.map(o, "annotations"),
                subject, Json.text(o, "artifactType"));
    }
}
