package dev.bulwark.cli;

import dev.bulwark.builder.api.InspectJson;
import dev.bulwark.image.inspect.ImageInspector;
import dev.bulwark.image.inspect.Inspection;
import dev.bulwark.image.ImageSources;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Progress;
import dev.bulwark.core.text.Escape;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.ref.ImageReference;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec.Target;

/** {@code bulwark inspect REF}: platforms, digests, layers, config and the Debian packages inside. */
@Command(name = "inspect",
        footer = {"", "Examples:",
                "  bulwark inspect oci:out/python3",
                "  bulwark inspect docker://127.0.0.1:5000/python3:1 --arch amd64 --format json"},
        header = "Show an image's platforms, digests, config, layers and packages.", mixinStandardHelpOptions = true,
        description = {"Show what an image holds: platforms and digests, config (user, entrypoint, env), layers, and the",
                "Debian packages read from /var/lib/dpkg/status.d or /var/lib/dpkg/status — any Debian-based image,",
                "including docker-archives made by other tools."})
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REF", description = "oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE[:TAG] or a registry reference.")
    String reference;
    @Option(names = "--arch", paramLabel = "ARCH", description = "Only this Debian architecture.")
    String arch;
    @Mixin
    FormatOption format;
    @Mixin
    RegistryOptionsMixin registryOptions;
    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        ImageReference ref = ImageReference.parse(reference);
        Platform only = arch == null ? null : Platform.fromDebianArch(arch);
        List<Inspection> result = ImageInspector.inspect(ImageSources.open(ref, registryOptions.toOptions(Progress.NONE)), only);
        PrintWriter out = self.commandLine().getOut();
        // Text from the image is escaped (control characters made visible); JSON escapes it already.
        out.println(format.json() ? InspectJson.of(reference, result) : Escape.lines(toText(result)));
        out.flush();
        return 0;
    }

    private String toText(List<Inspection> result) {
        StringBuilder b = new StringBuilder();
        Inspection first = result.get(0);
        b.append(reference).append("  ").append(first.index() ? "index " : "manifest ").append(first.root()).append('\n');
        for (Inspection i : result) {
            Image image = i.image();
            ImageConfig c = image.config();
            b.append('\n').append(image.platform()).append("  ").append(image.digest()).append('\n');
            line(b, "os", i.os());
            line(b, "created", c.created() == null ? null : c.created().toString());
            line(b, "user", c.user());
            line(b, "entrypoint", c.entrypoint() == null ? null : c.entrypoint().toString());
            line(b, "cmd", c.cmd() == null ? null : c.cmd().toString());
            line(b, "workdir", c.workingDir());
            line(b, "env", String.join(" ", c.env()));
            c.labels().forEach((k, v) -> line(b, "label", k + "=" + v));
            long total = image.layers().stream().mapToLong(l -> l.descriptor().size()).sum();
            b.append("  layers: ").append(image.layers().size()).append(", ").append(Sizes.human(total)).append(" compressed\n");
            for (int n = 0; n < image.layers().size(); n++) {
                Layer l = image.layers().get(n);
                String why = n < c.history().size() ? c.history().get(n).createdBy() : "";
                b.append(String.format(Locale.ROOT, "    %s %9s  %s%n", l.descriptor().digest().hex().substring(0, 12),
                        Sizes.human(l.descriptor().size()), why == null ? "" : Escape.text(why)));
            }
            b.append("  packages: ").append(i.packages().size()).append('\n');
            for (InstalledPackage p : i.packages()) {
                b.append("    ").append(Escape.text(p.name())).append(' ').append(Escape.text(p.version().toString()))
                        .append(' ').append(Escape.text(p.architecture()))
                        .append(p.source().equals(p.name()) ? "" : "  (source " + Escape.text(p.source()) + " "
                                + Escape.text(p.sourceVersion().toString()) + ")")
                        .append('\n');
            }
        }
        return b.toString().stripTrailing();
    }

    private static void line(StringBuilder b, String key, String value) {
        if (value != null && !value.isEmpty()) {
            b.append("  ").append(key).append(": ").append(Escape.text(value)).append('\n');
        }
    }
}
