package dev.bulwark.builder.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.image.inspect.Inspection;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Layer;
import java.util.List;

/** The stable JSON form of an image's inspection, for the CLI and the server alike. */
public final class InspectJson {
    private InspectJson() {
    }

    /** The JSON view 'bulwark inspect --format json' prints for the image {@code reference} names. */
    public static String of(String reference, List<Inspection> result) {
        ObjectNode root = Json.object();
        root.put("reference", reference);
        root.put("digest", result.get(0).root().toString());
        root.put("index", result.get(0).index());
        ArrayNode images = root.putArray("images");
        for (Inspection i : result) {
            Image image = i.image();
            ImageConfig c = image.config();
            ObjectNode n = images.addObject();
            n.put("platform", image.platform().toString());
            n.put("digest", image.digest().toString());
            n.put("configDigest", image.manifest().config().digest().toString());
            n.put("os", i.os());
            n.put("created", c.created() == null ? null : c.created().toString());
            n.put("user", c.user());
            n.putPOJO("entrypoint", c.entrypoint());
            n.putPOJO("cmd", c.cmd());
            n.put("workdir", c.workingDir());
            n.putPOJO("env", c.env());
            n.putPOJO("labels", c.labels());
            n.putPOJO("annotations", image.manifest().annotations());
            ArrayNode layers = n.putArray("layers");
            for (int k = 0; k < image.layers().size(); k++) {
                Layer l = image.layers().get(k);
                ObjectNode ln = layers.addObject();
                ln.put("digest", l.descriptor().digest().toString());
                ln.put("diffId", l.diffId().toString());
                ln.put("size", l.descriptor().size());
                ln.put("mediaType", l.descriptor().mediaType());
                if (k < c.history().size()) {
                    ln.put("createdBy", c.history().get(k).createdBy());
                }
            }
            ArrayNode packages = n.putArray("packages");
            for (InstalledPackage p : i.packages()) {
                ObjectNode pn = packages.addObject();
                pn.put("name", p.name());
                pn.put("version", p.version().toString());
                pn.put("architecture", p.architecture());
                pn.put("source", p.source());
                pn.put("sourceVersion", p.sourceVersion().toString());
            }
        }
        return Json.render(root);
    }
}
