package dev.bulwark.cli;

import dev.bulwark.attest.AttestException;
import dev.bulwark.attest.sbom.ImageSboms;
import dev.bulwark.attest.sbom.SbomDocument;
import dev.bulwark.attest.sbom.SbomFormat;
import dev.bulwark.attest.sbom.SbomSubject;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageSource;
import dev.bulwark.oci.transport.Transports;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark sbom REF --format spdx-json|cyclonedx-json [-o FILE]}: the SBOM of any image's Debian packages. */
@Command(name = "sbom",
        footer = {"", "Examples:",
                "  bulwark sbom oci:out/python3 --format spdx-json -o python3.spdx.json",
                "  bulwark sbom oci:out/python3 --platform linux/arm64 --format cyclonedx-json"},
        header = "Write the SPDX or CycloneDX SBOM of an image.", mixinStandardHelpOptions = true,
        description = {"Write the SBOM of an image from its dpkg database (status.d or status) and copyright files:",
                "SPDX 2.3 JSON or CycloneDX 1.6 JSON. Timestamps come from SOURCE_DATE_EPOCH (else the image's",
                "created time), so the same image gives the same bytes."})
final class SbomCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REF", description = "The image (any transport).")
    String ref;
    @Option(names = "--format", defaultValue = "spdx-json", paramLabel = "FORMAT",
            description = "spdx-json or cyclonedx-json (default: ${DEFAULT-VALUE}).")
    String format;
    @Option(names = {"--output", "-o"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    Path output;
    @Mixin
    PlatformOptions platformOptions;
    @Mixin
    RegistryOptionsMixin registry;
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.SELF)
    picocli.CommandLine.Model.CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        SbomFormat f;
        try {
            f = SbomFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new AttestException(Kind.BAD_INPUT, "cannot write SBOM: " + e.getMessage(), e);
        }
        ImageReference parsed = ImageReference.parse(ref);
        ImageSource source = Transports.openSource(parsed, registry.toOptions(Progress.NONE));
        // Without --platform, the same rule as scan, vex and run: the only platform, else this machine's, else ask.
        Image image = platformOptions.select(source);
        SbomDocument doc = ImageSboms.read(image, new SbomSubject(name(parsed), image.digest()), created(image),
                Main.class.getPackage().getImplementationVersion() == null ? "0.1.0-dev"
                        : Main.class.getPackage().getImplementationVersion(), List.of());
        byte[] bytes = f.write(doc);
        try {
            if (output == null) {
                PrintWriter out = self.commandLine().getOut();
                out.print(new String(bytes, StandardCharsets.UTF_8));
                out.flush();
            } else {
                Files.write(output, bytes);
            }
        } catch (IOException e) {
            throw new AttestException(Kind.ENVIRONMENT, "cannot write SBOM to " + output + ": " + e.getMessage(), e);
        }
        return 0;
    }

    private static Instant created(Image image) throws BulwarkException {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && !epoch.isBlank()) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(epoch.strip()));
            } catch (NumberFormatException e) {
                throw new AttestException(Kind.BAD_INPUT, "cannot read SOURCE_DATE_EPOCH '" + epoch + "'", e);
            }
        }
        Instant c = image.config().created();
        return c == null ? Instant.EPOCH : c;
    }

    private static String name(ImageReference r) {
        if (r instanceof ImageReference.Registry reg) {
            return reg.host() + "/" + reg.repository();
        }
        // The image's name as its purl names it (the one rule of Purls), so SBOM, scan and VEX agree on the image.
        return dev.bulwark.image.Purls.imageName(r.toString());
    }
}
