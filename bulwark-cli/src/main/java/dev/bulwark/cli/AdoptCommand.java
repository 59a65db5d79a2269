package dev.bulwark.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.builder.adopt.AdoptRequest;
import dev.bulwark.builder.adopt.AdoptResult;
import dev.bulwark.builder.adopt.Adopter;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.core.text.Escape;
import dev.bulwark.oci.image.ImageFiles;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.scan.advisory.Severity;
import dev.bulwark.scan.match.Matcher;
import dev.bulwark.scan.match.ScanResult;
import dev.bulwark.scan.match.ScanTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bulwark adopt REF --base BASE}: evidence for an image built elsewhere (a Dockerfile) on a Bulwark base. */
@Command(name = "adopt",
        header = "Check an image built FROM a Bulwark base and give it the evidence of a build.",
        footer = {"", "Examples:",
                "  bulwark adopt docker-archive:app.tar --base oci:out/python3 \\",
                "      --output oci:out/app",
                "  bulwark adopt 127.0.0.1:5000/app:1 --base 127.0.0.1:5000/python3@sha256:... \\",
                "      --base-key cosign.pub --sign-key cosign.key",
                "  bulwark adopt oci:out/app --base oci:out/python3 --format json"},
        mixinStandardHelpOptions = true,
        description = {"For an image built elsewhere on a Bulwark base (docker-archive, oci layout or registry):"
                + " checks that the base is a Bulwark image (its SLSA provenance names its digest; signed by"
                + " --base-key when given) and that every platform's lower layers are exactly the base's, and reports"
                + " the first layer that differs otherwise (exit 1). Lists what the image adds (files, accounts,"
                + " environment, entrypoint), writes it to --output (or attaches to REF when it is an oci: layout or a"
                + " registry), and attaches SBOMs of base plus additions and a provenance that states what is and is"
                + " not known about the added layers; signed with --sign-key. Then scans it (--fail-on to gate)."})
final class AdoptCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REF", description = "The image built on the base, on any transport.")
    String ref;

    @Option(names = "--base", required = true, paramLabel = "BASE",
            description = "The Bulwark base it was built FROM: oci:DIR[:TAG] or a registry reference.")
    String base;

    @Option(names = "--output", paramLabel = "REF",
            description = "Where the adopted image and its evidence go: oci:DIR[:TAG] or a registry reference"
                    + " (default: REF itself, when it is one of those).")
    String output;

    @Option(names = "--base-key", paramLabel = "PUB",
            description = "Public key the base's provenance must be signed with (default: any Bulwark provenance).")
    Path baseKey;

    @Mixin
    KeyOptions.SignKey signKey;

    @Option(names = "--advisories", paramLabel = "SRC",
            description = "Advisory source for the scan, repeatable (as for 'bulwark scan').")
    List<String> advisories = new ArrayList<>();

    @Option(names = "--no-scan", description = "Do not scan the adopted image.")
    boolean noScan;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit 1 when a scan finding is at least this severe: low, medium, high or critical.")
    String failOn;

    @Mixin
    FormatOption format;

    @Mixin
    ArchiveOptions archiveOptions;

    @Mixin
    RegistryOptionsMixin registry;

    @Spec
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        Severity threshold = failOn == null ? null : severity(failOn);
        Progress progress = ConsoleProgress.standard(format.json());
        AdoptResult result = Adopter.adopt(new AdoptRequest(ImageReference.parse(ref), ImageReference.parse(base),
                output == null ? null : ImageReference.parse(output), registry.toOptions(progress),
                baseKey == null ? null : KeyOptions.publicKey(baseKey),
                signKey.signer(), ScanCommand.version(), progress));
        Map<String, ScanResult> scans = noScan ? Map.of() : scan(result, progress);
        PrintWriter out = self.commandLine().getOut();
        out.print(format.json() ? json(result, scans) : text(result, scans));
        out.flush();
        if (threshold != null && scans.values().stream().anyMatch(s -> !s.atLeast(threshold, false).isEmpty())) {
            self.commandLine().getErr().println("bulwark: findings at or above " + threshold.word()
                    + " or of unknown severity (--fail-on " + threshold.word() + ")");
            self.commandLine().getErr().flush();
            return Kind.CHECK_FAILED.exitCode();
        }
        return 0;
    }

    private Map<String, ScanResult> scan(AdoptResult result, Progress progress) throws BulwarkException {
        Map<String, ScanResult> out = new LinkedHashMap<>();
        for (AdoptResult.PlatformAdoption p : result.platforms()) {
            ScanOptions options = new ScanOptions();
            options.ref = result.target().toString();
            options.platformOptions = new PlatformOptions();
            options.platformOptions.platforms.add(p.platform().toString());
            options.advisories = advisories;
            options.archiveOptions = archiveOptions;
            options.registryOptions = registry;
            ScanTarget target = options.target();
            var db = options.advisoryDb(target, progress);
            out.put(p.platform().toString(), new Matcher(db, options.securitySupport(target)).scan(target, false));
            options.notes.forEach(n -> self.commandLine().getErr().println("bulwark: " + n));
        }
        return out;
    }

    private static Severity severity(String word) throws BulwarkException {
        try {
            return Severity.parse(word);
        } catch (IllegalArgumentException e) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot use --fail-on: " + e.getMessage(), e);
        }
    }

    private static String text(AdoptResult r, Map<String, ScanResult> scans) {
        StringBuilder b = new StringBuilder();
        b.append("adopted ").append(r.target()).append(" (").append(r.root().digest()).append(")\n");
        b.append("  base: ").append(r.base()).append(" (").append(r.baseDigest()).append("), a Bulwark image: ")
                .append("provenance at ").append(r.baseProvenance()).append('\n');
        for (AdoptResult.PlatformAdoption p : r.platforms()) {
            var a = p.additions();
            b.append("  ").append(p.platform()).append(": the base's ").append(p.baseLayers())
                    .append(" layers exactly, then ").append(p.addedLayers().size()).append(" added\n");
            for (var l : p.addedLayers()) {
                b.append("    ").append(l.digest()).append(l.createdBy() == null ? ""
                        : "  (" + Escape.text(l.createdBy()) + ")").append('\n');
            }
            b.append("    files: ").append(a.added().size()).append(" added, ").append(a.changed().size())
                    .append(" changed, ").append(a.removed().size()).append(" removed").append(sample(a.added()))
                    .append('\n');
            if (!a.accounts().isEmpty()) {
                b.append("    accounts added: ").append(Escape.text(String.join(", ", a.accounts()))).append('\n');
            }
            a.config().forEach((k, v) -> b.append("    ").append(k).append(": ").append(Escape.text(v)).append('\n'));
            ScanResult s = scans.get(p.platform().toString());
            if (s != null) {
                b.append("    scan: ").append(s.findings().size()).append(" findings")
                        .append(s.worst().map(w -> ", worst " + w.word()).orElse("")).append(" (advisories: ")
                        .append(String.join(", ", s.advisorySources())).append(")\n");
            }
        }
        b.append("  evidence: SBOMs (SPDX, CycloneDX) per platform and adoption provenance, ")
                .append(r.signed() ? "signed" : "unsigned (sign with --sign-key)").append('\n');
        return b.toString();
    }

    private static String sample(List<ImageFiles.Entry> added) {
        if (added.isEmpty()) {
            return "";
        }
        List<String> first = added.stream().limit(3).map(e -> Escape.text(e.path())).toList();
        return " (" + String.join(", ", first) + (added.size() > 3 ? ", …" : "") + ")";
    }

    private static String json(AdoptResult r, Map<String, ScanResult> scans) {
        ObjectNode root = Json.object();
        root.put("image", r.target().toString());
        root.put("digest", r.root().digest().toString());
        ObjectNode base = root.putObject("base");
        base.put("reference", r.base());
        base.put("digest", r.baseDigest().toString());
        base.put("provenance", r.baseProvenance());
        root.put("signed", r.signed());
        ArrayNode platforms = root.putArray("platforms");
        for (AdoptResult.PlatformAdoption p : r.platforms()) {
            ObjectNode o = platforms.addObject();
            o.put("platform", p.platform().toString());
            o.put("manifest", p.image().toString());
            o.put("baseManifest", p.base().toString());
            o.put("baseLayers", p.baseLayers());
            ArrayNode layers = o.putArray("addedLayers");
            p.addedLayers().forEach(l -> {
                ObjectNode n = layers.addObject();
                n.put("digest", l.digest().toString());
                n.put("size", l.size());
                n.put("createdBy", l.createdBy());
            });
            ObjectNode files = o.putObject("files");
            p.additions().added().forEach(e -> files.withArray("added").add(e.path()));
            p.additions().changed().forEach(e -> files.withArray("changed").add(e.path()));
            p.additions().removed().forEach(path -> files.withArray("removed").add(path));
            p.additions().accounts().forEach(a -> o.withArray("accountsAdded").add(a));
            ObjectNode config = o.putObject("config");
            p.additions().config().forEach(config::put);
            ScanResult s = scans.get(p.platform().toString());
            if (s != null) {
                ObjectNode scan = o.putObject("scan");
                scan.put("findings", s.findings().size());
                scan.put("worst", s.worst().map(Severity::word).orElse(null));
            }
        }
        return Json.render(root) + "\n";
    }
}
