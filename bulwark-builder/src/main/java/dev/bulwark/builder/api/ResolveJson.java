package dev.bulwark.builder.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.builder.resolve.SpecResolution;
import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.resolve.Resolution;
import dev.bulwark.spec.Spec;

/** The stable JSON form of a spec's resolution, for the CLI and the server alike. */
public final class ResolveJson {
    private ResolveJson() {
    }

    /**
     * The JSON view 'bulwark resolve --format json' prints.
     *
     * @param why a package whose dependency chain each architecture explains, or null
     */
    public static String of(Spec spec, SpecResolution resolution, String why) {
        ObjectNode root = Json.object();
        root.put("spec", spec.name());
        root.putPOJO("suites", spec.suites());
        ObjectNode archs = root.putObject("archs");
        for (Resolution r : resolution.byArch().values()) {
            ObjectNode a = archs.putObject(r.arch());
            a.put("packageCount", r.packages().size());
            a.put("debBytes", r.totalSize());
            ArrayNode list = a.putArray("packages");
            for (Resolution.Selected s : r.packages()) {
                ObjectNode n = packageJson(list.addObject(), s);
                n.put("reasonText", s.reason().toString());
            }
            ArrayNode skipped = a.putArray("skipped");
            for (Resolution.Skipped s : r.skipped()) {
                ObjectNode n = skipped.addObject();
                n.put("parent", s.parent());
                n.put("field", s.field());
                n.put("relation", s.relation());
                n.put("why", s.why());
            }
            if (why != null) {
                ArrayNode chain = a.putArray("why");
                r.chain(why).forEach(s -> packageJson(chain.addObject(), s));
            }
        }
        ObjectNode excluded = root.putObject("excludedByDefault");
        resolution.excluded().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> excluded.put(e.getKey(), e.getValue()));
        return Json.render(root);
    }

    private static ObjectNode packageJson(ObjectNode n, Resolution.Selected s) {
        ArchivePackage p = s.pkg();
        n.put("name", p.name());
        n.put("version", p.version().toString());
        n.put("architecture", p.architecture());
        n.put("source", p.source());
        n.put("sourceVersion", p.sourceVersion().toString());
        n.put("suite", p.suite());
        n.put("filename", p.filename());
        n.put("size", p.size());
        n.put("sha256", p.sha256());
        ObjectNode reason = n.putObject("reason");
        if (s.reason().isRequested()) {
            reason.put("requested", true);
        } else {
            reason.put("parent", s.reason().parent());
            reason.put("field", s.reason().field());
            reason.put("relation", s.reason().relation());
            if (s.reason().note() != null) {
                reason.put("note", s.reason().note());
            }
        }
        return n;
    }
}
