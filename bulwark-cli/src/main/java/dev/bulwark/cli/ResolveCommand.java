package dev.bulwark.cli;

import dev.bulwark.builder.api.ResolveJson;
import dev.bulwark.builder.api.Workspace;
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
    @Mixin
    FormatOption format;
    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        Spec spec = specOptions.read();
        List<String> archs = specOptions.archs(spec);
        try (Workspace wiring = archiveOptions.workspace(spec)) {
            ConsoleProgress progress = ConsoleProgress.standard(format.json());
            SpecResolution resolution = baseOptions.locker(wiring, registryOptions.toOptions(progress))
                    .resolve(spec, archs, progress);
            PrintWriter out = self.commandLine().getOut();
            if (why != null) {
                for (Resolution r : resolution.byArch().values()) {
                    if (r.find(why).isEmpty() && r.skipped().stream().noneMatch(s -> mentions(s.relation(), why))) {
                        throw new BulwarkException(BulwarkException.Kind.BAD_INPUT, "cannot explain " + why
                                + ": it is not in the "
                                + r.arch() + " closure of " + spec.name() + " (and no skipped dependency names it)");
                    }
                }
            }
            out.println(format.json() ? ResolveJson.of(spec, resolution, why)
                    : dev.bulwark.core.text.Escape.lines(toText(spec, resolution))); // archive text made safe to print
            out.flush();
            return 0;
        }
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
}
