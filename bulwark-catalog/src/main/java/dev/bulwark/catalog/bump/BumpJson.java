package dev.bulwark.catalog.bump;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** The {@code --format json} view of a bump: per file, what moved, what is current, what is not from the source. */
public final class BumpJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BumpJson() {
    }

    public static String of(BumpResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("source", r.source());
        root.put("mode", r.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        root.put("behind", r.behind());
        ArrayNode files = root.putArray("files");
        for (FileBump f : r.files()) {
            ObjectNode n = files.addObject();
            n.put("file", f.file().toString());
            if (f.failed()) {
                n.put("error", f.error());
                n.put("refused", f.refused());
                if (f.line() > 0) {
                    n.put("line", f.line());
                } else {
                    n.putNull("line");
                }
                continue;
            }
            n.put("written", f.written());
            ArrayNode changes = n.putArray("changes");
            f.changes().forEach(c -> change(changes, c));
            ArrayNode current = n.putArray("upToDate");
            f.upToDate().forEach(c -> change(current, c));
            ArrayNode foreign = n.putArray("notFromSource");
            for (Occurrence o : f.foreign()) {
                ObjectNode x = foreign.addObject();
                x.put("line", o.line());
                x.put("reference", o.written());
                x.put("repository", o.reference().repository());
            }
            if (f.diff() != null) {
                n.put("diff", f.diff());
            }
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a tree of plain nodes", e);
        }
    }

    private static void change(ArrayNode out, Change c) {
        ObjectNode n = out.addObject();
        n.put("line", c.at().line());
        n.put("where", c.at().where());
        n.put("image", c.image());
        n.put("repository", c.at().reference().repository());
        if (c.at().reference().tag() != null) {
            n.put("tag", c.at().reference().tag());
        } else {
            n.putNull("tag");
        }
        n.put("reference", c.at().written());
        n.put("fromDigest", c.from());
        n.put("toDigest", c.to());
        if (c.fromBuild() > 0) {
            n.put("fromBuild", c.fromBuild());
        } else {
            n.putNull("fromBuild");
        }
        n.put("toBuild", c.toBuild());
        n.put("reason", c.reason());
        ArrayNode fixed = n.putArray("fixed");
        for (Fix f : c.fixed()) {
            ObjectNode v = fixed.addObject();
            v.put("id", f.id());
            v.put("package", f.packageName());
            v.put("fixedVersion", f.fixedVersion());
            v.put("severity", f.severity());
        }
    }
}
