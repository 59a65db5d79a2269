package dev.bulwark.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.builder.resolve.SpecResolution;
import dev.bulwark.spec.Spec;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.resolve.Resolution;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec.Target;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bulwark resolve SPEC}: print the package closure and why each package is in it. */
@Command(name = "resolve",
        footer = {"", "Examples:",
                "  bulwark resolve examples/python3.yaml --arch amd64 --why libc6",
                "  bulwark resolve examples/python3.yaml --format json"},
        header = "Print the package closure of a spec and why each package is in it.", mixinStandardHelpOptions = true,
        description = {"Resolve a spec's packages against the verified Debian archive and print the closure.",
                "Each package shows the dependency that brought it in; --why PKG prints the whole chain.",
                "Install-time-only packages (dpkg, debconf, shells, perl-base, …) are left out by default; the list is",
                "printed and a spec changes it with 'include:' and 'exclude:'."})
final class ResolveCommand implements Callable<Integer> {
    @Mixin
    SpecOptions specOptions;
    @Mixin
    ArchiveOptions archiveOptions;
    @Mixin
    BaseMixin baseOptions;
    @Mixin
    RegistryOptionsMixin registryOptions;
    @Option(names = "--why", paramLabel = "PKG", description = "Explain the chain of dependencies that brings PKG in.")
    String why;
    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;
    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        Spec spec = specOptions.read();
        List<String> archs = specOptions.archs(spec);
        Wiring wiring = Wiring.forSpec(archiveOptions, spec);
        ConsoleProgress progress = ConsoleProgress.standard(format == Format.json);
        SpecResolution resolution = baseOptions.locker(wiring, registryOptions.toOptions(progress))
                .resolve(spec, archs, progress);
        PrintWriter out = self.commandLine().getOut();
        if (why != null) {
            for (Resolution r : resolution.byArch().values()) {
                if (r.find(why).isEmpty() && r.skipped().stream().noneMatch(s -> mentions(s.relation(), why))) {
                    throw new BulwarkException(BulwarkException.Kind.BAD_INPUT, "cannot explain " + why + ": it is not in the "
                            + r.arch() + " closure of " + spec.name() + " (and no skipped dependency names it)");
                }
            }
        }
        out.println(format == Format.json ? Json.render(toJson(spec, resolution))
                : dev.bulwark.core.text.Escape.lines(toText(spec, resolution))); // archive text made safe to print
        out.flush();
        return 0;
    }

    private static boolean mentions(String relation, String name) {
        return relation.matches("(^|.*[|,]\\s*)" + java.util.regex.Pattern.quote(name) + "([\\s:(|,].*|$)");
    }

    private String toText(Spec spec, SpecResolution resolution) {
        StringBuilder b = new StringBuilder();
        for (Resolution r : resolution.byArch().values()) {
            b.append(spec.name()).append(" for ").append(r.arch()).append(": ").append(r.packages().size())
                    .append(" packages, ").append(Sizes.human(r.totalSize())).append(" of .debs from ")
                    .append(String.join(", ", spec.suites())).append('\n');
            if (why != null) {
                appendWhy(b, r);
                continue;
            }
            int width = r.packages().stream().mapToInt(s -> s.pkg().name().length() + s.pkg().version().toString().length())
                    .max().orElse(20) + 2;
            for (Resolution.Selected s : r.packages()) {
                ArchivePackage p = s.pkg();
                String head = p.name() + " " + p.version();
                b.append("  ").append(head).append(" ".repeat(Math.max(1, width - head.length())))
                        .append(String.format("%-6s %-18s ", p.architecture(), p.suite())).append(s.reason()).append('\n');
            }
            if (!r.skipped().isEmpty()) {
                b.append("  not installed (install-time only or excluded):\n");
                for (Resolution.Skipped s : r.skipped()) {
                    b.append("    ").append(s.parent()).append(' ').append(s.field()).append(": ").append(s.relation())
                            .append("  — ").append(s.why()).append('\n');
                }
            }
        }
        if (why == null) {
            b.append("Excluded by default as install-time only (change with 'include:'/'exclude:' in the spec): ")
                    .append(String.join(", ", resolution.excluded().keySet().stream().sorted().toList())).append('\n');
        }
        return b.toString().stripTrailing();
    }

    private void appendWhy(StringBuilder b, Resolution r) {
        List<Resolution.Selected> chain = r.chain(why);
        if (chain.isEmpty()) {
            b.append("  ").append(why).append(" is not installed:\n");
            r.skipped().stream().filter(s -> mentions(s.relation(), why)).forEach(s -> b.append("    ").append(s.parent())
                    .append(' ').append(s.field()).append(": ").append(s.relation()).append(" — ").append(s.why()).append('\n'));
            return;
        }
        for (int i = 0; i < chain.size(); i++) {
            Resolution.Selected s = chain.get(i);
            b.append("  ").append("  ".repeat(i)).append(i == 0 ? "" : "→ ").append(s.pkg().id())
                    .append(" (").append(s.pkg().suite()).append(")  ").append(s.reason()).append('\n');
        }
    }

    private ObjectNode toJson(Spec spec, SpecResolution resolution) {
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
        return root;
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
