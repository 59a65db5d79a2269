package dev.bulwark.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.transport.layout.LayoutGc;
import dev.bulwark.oci.ref.ImageReference;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec.Target;

/** {@code bulwark gc oci:DIR}: remove the blobs of a layout that no index.json entry reaches. */
@Command(name = "gc",
        footer = {"", "Examples:",
                "  bulwark gc oci:out/python3 --dry-run",
                "  bulwark gc oci:out/python3 --format json"},
        header = "Remove unreferenced blobs from an OCI layout.", mixinStandardHelpOptions = true,
        description = {"Remove the blobs of an OCI layout that nothing references. Kept: everything reachable from an",
                "index.json entry (indexes, manifests, configs, layers, and the subjects of signatures and other",
                "referrers). Also removes temp files that killed writes left. Rebuilding into a layout leaves the",
                "previous build's blobs behind; run gc afterwards, not while another build writes the layout."})
final class GcCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "oci:DIR", description = "The layout.")
    String reference;
    @Option(names = "--dry-run", description = "Only report what would be removed.")
    boolean dryRun;
    @Mixin
    FormatOption format;
    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        ImageReference ref = ImageReference.parse(reference);
        if (!(ref instanceof ImageReference.OciLayout layout) || layout.tag() != null) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot collect garbage in " + reference
                    + ": gc works on a whole OCI layout; name it oci:DIR, without a tag");
        }
        LayoutGc.Result r = LayoutGc.collect(layout.dir(), dryRun, Clock.systemUTC().instant());
        PrintWriter out = self.commandLine().getOut();
        out.println(format.json() ? Json.render(toJson(r)) : toText(r));
        out.flush();
        return 0;
    }

    private static String toText(LayoutGc.Result r) {
        StringBuilder b = new StringBuilder();
        String verb = r.dryRun() ? "would remove " : "removed ";
        for (LayoutGc.Removed x : r.removed()) {
            b.append(verb).append(x.digest()).append("  ").append(Sizes.human(x.size())).append('\n');
        }
        b.append("oci:").append(r.layout()).append(": ").append(verb).append(r.removed().size()).append(" blob(s), ")
                .append(Sizes.human(r.bytesFreed())).append(r.dryRun() ? " would be freed" : " freed").append("; kept ")
                .append(r.kept()).append(" referenced blob(s)");
        return b.toString();
    }

    private static ObjectNode toJson(LayoutGc.Result r) {
        ObjectNode root = Json.object();
        root.put("layout", r.layout().toString());
        root.put("dryRun", r.dryRun());
        root.put("bytesFreed", r.bytesFreed());
        root.put("kept", r.kept());
        ArrayNode removed = root.putArray("removed");
        for (LayoutGc.Removed x : r.removed()) {
            removed.addObject().put("digest", x.digest().toString()).put("size", x.size());
        }
        return root;
    }
}
