package dev.bulwark.oci.transport.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.internal.Json;

import java.util.ArrayList;
import java.util.List;

/** One entry of a docker-save {@code manifest.json}: the config member, the repo tags and the layer members. */
record DockerArchiveManifest(String config, List<String> repoTags, List<String> layers) {

    DockerArchiveManifest {
        repoTags = List.copyOf(repoTags);
        layers = List.copyOf(layers);
    }

    static byte[] toJson(List<DockerArchiveManifest> entries) {
        ArrayNode a = Json.array();
        for (DockerArchiveManifest e : entries) {
            ObjectNode o = a.addObject();
            o.put("Config", e.config());
            Json.putStrings(o, "RepoTags", e.repoTags());
            Json.putStrings(o, "Layers", e.layers());
        }
        return Json.write(a);
    }

    static List<DockerArchiveManifest> parse(byte[] json) throws OciException {
        JsonNode root = Json.readTree(json, "manifest.json of docker archive");
        if (!root.isArray()) {
            throw new OciException(Kind.BAD_INPUT, "cannot parse manifest.json of docker archive: not a JSON array");
        }
        List<DockerArchiveManifest> out = new ArrayList<>();
        for (JsonNode e : root) {
            String config = Json.text(e, "Config");
            List<String> layers = Json.strings(e, "Layers");
            if (config == null || layers == null) {
                throw new OciException(Kind.BAD_INPUT, "cannot parse manifest.json of docker archive: an entry lacks"
                        + " Config or Layers");
            }
            List<String> tags = Json.strings(e, "RepoTags");
            out.add(new DockerArchiveManifest(config, tags == null ? List.of() : tags, layers));
        }
        return out;
    }
}
