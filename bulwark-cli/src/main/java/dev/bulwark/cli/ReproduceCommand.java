package dev.bulwark.cli;

import dev.bulwark.builder.api.Workspace;
import dev.bulwark.builder.lock.Locker;
import dev.bulwark.builder.reproduce.FileDifference;
import dev.bulwark.builder.reproduce.ReproduceRequest;
import dev.bulwark.builder.reproduce.ReproduceResult;
import dev.bulwark.builder.reproduce.Reproducer;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.text.Escape;
import dev.bulwark.oci.layer.GzipReference;
import dev.bulwark.oci.ref.ImageReference;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec.Target;

/** {@code bulwark reproduce REF}: rebuild an image from its provenance; exit 0 when identical, 1 when it differs. */
@Command(name = "reproduce",
        footer = {"", "Examples:",
                "  bulwark reproduce 127.0.0.1:5000/python3:1 --key cosign.pub",
                "  bulwark reproduce oci:out/python3:latest --format json"},
        header = "Rebuild an image from its provenance and compare the digests.",
        mixinStandardHelpOptions = true,
        description = {"Rebuild a Bulwark image from its SLSA provenance alone and compare it with the image.",
                "Reads the provenance (with --key only one that key signed), takes the spec and lock it records,",
                "fetches the same .debs by SHA-256 (cache, else the archive; --mirror for a snapshot mirror), rebuilds",
                "every platform in an empty temporary cache, and compares index, manifest, config and layer digests.",
                "Exit 0 when identical; exit 1 naming the first differing layer and the files that differ in it.",
                "With --sign-key, attaches a signed SLSA Verification Summary (PASSED or FAILED) to the image;",
                "check it with 'verify-attestation --type vsa' or cosign's --type https://slsa.dev/verification_summary/v1."})
final class ReproduceCommand implements Callable<Integer> {
    private static final int MAX_FILES_SHOWN = 40;

    @Parameters(index = "0", paramLabel = "REF", description = "The image (oci:DIR[:TAG] or HOST/REPO[:TAG|@DIGEST]).")
    String ref;
    @Option(names = "--key", paramLabel = "PUBKEY", description = "Only trust provenance this public key (PEM) signed.")
    Path key;
    @Mixin
    KeyOptions.SignKey signKey;
    @Mixin
    FormatOption format;
    @Mixin
    ArchiveOptions archiveOptions;
    @Mixin
    RegistryOptionsMixin registry;
    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        ImageReference image = ImageReference.parse(ref);
        var publicKey = key == null ? null : KeyOptions.publicKey(key);
        var signer = signKey.signer();
        ConsoleProgress progress = ConsoleProgress.standard(format.json());
        Workspace wiring = archiveOptions.workspace();
        Reproducer reproducer = new Reproducer(wiring.locker(),
                wiring.cacheDir().resolve("tmp"), Clock.systemUTC());
        ReproduceResult result = reproducer.reproduce(new ReproduceRequest(image, registry.toOptions(progress),
                publicKey, signer), progress);
        PrintWriter out = self.commandLine().getOut();
        out.println(format.json() ? result.toJson() : text(result));
        out.flush();
        return result.identical() ? 0 : 1;
    }

    private String text(ReproduceResult r) {
        StringBuilder b = new StringBuilder();
        b.append(ref).append(r.identical() ? ": reproduced, identical (" + r.image() + ")"
                : ": NOT reproduced, the rebuild differs (image " + r.image() + ", rebuild " + r.rebuilt() + ")").append('\n');
        // Provenance fields and platforms are read from the image: escaped like every image-derived text.
        b.append("  provenance: ").append(Escape.text(r.provenance().location()))
                .append(r.provenance().verified() ? ", signature verified" : ", signature not checked (no --key)")
                .append("; built by bulwark ").append(Escape.text(r.builtBy())).append(", rebuilt by ")
                .append(Escape.text(r.rebuiltBy())).append('\n');
        for (ReproduceResult.PlatformComparison p : r.platforms()) {
            b.append(String.format(Locale.ROOT, "  %-12s manifest %s  config %s  %d layers  %s%n", Escape.text(String.valueOf(p.platform())),
                    p.imageManifest(), p.imageConfig(), p.imageLayers().size(), p.identical() ? "identical"
                            : "differs (rebuild manifest " + p.rebuiltManifest() + ")"));
        }
        ReproduceResult.LayerDifference d = r.difference();
        if (d != null) {
            b.append(String.format(Locale.ROOT, "  first differing layer: %s layer %d of %d: image %s, rebuild %s%n",
                    Escape.text(String.valueOf(d.platform())), d.index() + 1, d.layers(), d.imageLayer(), d.rebuiltLayer()));
            List<FileDifference> files = d.files();
            files.stream().limit(MAX_FILES_SHOWN).forEach(f -> b.append("    ").append(f.describe()).append('\n'));
            if (files.size() > MAX_FILES_SHOWN) {
                b.append("    … and ").append(files.size() - MAX_FILES_SHOWN).append(" more (--format json lists all)\n");
            } else if (files.isEmpty()) {
                b.append("    (the same files; the layers differ in their tar or compression bytes)\n");
                GzipReference.warning().ifPresent(w -> b.append("    (").append(w).append(")\n"));
            }
        }
        if (r.note() != null) {
            b.append("  note: ").append(Escape.text(r.note())).append('\n');
        }
        if (r.vsa() != null) {
            b.append("  verification summary attached (").append(r.identical() ? "PASSED" : "FAILED")
                    .append("): statement ").append(r.vsa()).append('\n');
        }
        return b.toString().stripTrailing();
    }
}
