package dev.bulwark.cli;

import dev.bulwark.scan.advisory.AdvisoryDb;
import dev.bulwark.scan.match.ScanTarget;
import dev.bulwark.scan.vex.DebianVex;
import dev.bulwark.scan.vex.OpenVex;
import dev.bulwark.scan.vex.VexDocument;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulwark vex REF}: an OpenVEX document of Debian's own statements about an image's packages. */
@Command(name = "vex",
        footer = {"", "Examples:",
                "  bulwark vex oci:out/python3 --output python3.vex.json",
                "  bulwark scan oci:out/python3 --vex python3.vex.json --show-suppressed"},
        header = "Write an OpenVEX document of Debian's statements about an image.", mixinStandardHelpOptions = true,
        description = {"Write an OpenVEX 0.2 document for an image from Debian's own statements: releases never",
                "affected (not_affected), minor issues Debian will not fix with a security upload (affected, with an",
                "action statement), and CVEs the installed versions already fix (fixed).",
                "The timestamp is SOURCE_DATE_EPOCH when set. Attaching it as an attestation comes with 'attest'."})
final class VexCommand implements Callable<Integer> {

    @Mixin
    ScanOptions scanOptions;

    @Option(names = "--author", defaultValue = "Bulwark (from the Debian security tracker)",
            description = "The document's author (default: ${DEFAULT-VALUE}).")
    String author;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the document to FILE instead of stdout.")
    Path output;

    @Spec
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        ScanTarget target = scanOptions.target();
        AdvisoryDb db = scanOptions.advisoryDb(target, ConsoleProgress.standard(true));
        VexDocument doc = DebianVex.generate(target, db, author, timestamp());
        byte[] bytes = OpenVex.write(doc);
        if (output == null) {
            PrintWriter out = self.commandLine().getOut();
            out.print(new String(bytes, StandardCharsets.UTF_8));
            out.flush();
        } else {
            try {
                Files.write(output, bytes);
            } catch (IOException e) {
                throw new BulwarkException(Kind.ENVIRONMENT, "cannot write " + output + ": " + e.getMessage(), e);
            }
            self.commandLine().getErr().println("wrote " + doc.statements().size() + " statements to " + output);
            self.commandLine().getErr().flush();
        }
        return 0;
    }

    private static Instant timestamp() throws BulwarkException {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch == null || epoch.isBlank()) {
            return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(epoch.strip()));
        } catch (NumberFormatException e) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot use SOURCE_DATE_EPOCH '" + epoch + "': not a number", e);
        }
    }
}
