package dev.bulwark.builder.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.builder.pipeline.BuildResult;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The stable JSON form of a build's result, for the CLI and the server alike. */
public final class BuildJson {
    private BuildJson() {
    }

    /** The JSON view 'bulwark build --format json' prints. */
    public static String of(Spec spec, Path lock, BuildResult r) {
        ObjectNode root = Json.object();
        root.put("spec", spec.name());
        root.put("lockfile", lock.toString());
        root.put("lockWritten", r.lockWritten());
        root.put("sourceDateEpoch", r.lock().sourceDateEpoch());
        ObjectNode images = root.putObject("images");
        r.images().forEach((arch, image) -> {
            ObjectNode i = images.putObject(arch);
            i.put("manifest", image.digest().toString());
            i.put("platform", image.platform().toString());
            i.put("layers", image.layers().size());
            i.put("compressedBytes", compressedSize(image));
            ArrayNode layers = i.putArray("layerDigests");
            for (Layer l : image.layers()) {
                layers.add(l.descriptor().digest().toString());
            }
        });
        ArrayNode outputs = root.putArray("outputs");
        for (BuildResult.Output o : r.outputs()) {
            ObjectNode n = outputs.addObject();
            n.put("reference", o.reference().toString());
            n.put("digest", o.written().digest().toString());
            if (o.written().index() != null) {
                n.put("index", o.written().index().toString());
            }
            n.put("signed", o.signed());
            List<String> perPlatform = platformReferences(o);
            if (!perPlatform.isEmpty()) {
                perPlatform.forEach(n.putArray("platformReferences")::add);
            }
        }
        return Json.render(root);
    }

    /** For a multi-platform layout output, the per-platform tags single-platform tools (umoci) can use. */
    public static List<String> platformReferences(BuildResult.Output o) {
        List<String> refs = new ArrayList<>();
        if (o.reference() instanceof ImageReference.OciLayout l && l.tag() != null && o.written().index() != null) {
            o.written().manifests().keySet().stream().sorted().forEach(p -> {
                String tag = LayoutSink.platformTag(l.tag(), p);
                if (tag != null) {
                    refs.add(new ImageReference.OciLayout(l.dir(), tag).toString());
                }
            });
        }
        return refs;
    }

    /** The sum of an image's compressed layer sizes. */
    public static long compressedSize(Image image) {
        return image.layers().stream().mapToLong(l -> l.descriptor().size()).sum();
    }
}
