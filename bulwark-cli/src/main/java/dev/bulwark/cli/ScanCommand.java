package dev.bulwark.cli;

import dev.bulwark.scan.ScanException;
import dev.bulwark.scan.advisory.AdvisoryDb;
import dev.bulwark.scan.advisory.Severity;
import dev.bulwark.scan.match.Matcher;
import dev.bulwark.scan.match.ScanResult;
import dev.bulwark.scan.match.ScanTarget;
import dev.bulwark.scan.report.CycloneDxReport;
import dev.bulwark.scan.report.JsonReport;
import dev.bulwark.scan.report.SarifReport;
import dev.bulwark.scan.report.TableReport;
import dev.bulwark.scan.vex.OpenVex;
import dev.bulwark.scan.vex.VexDocument;
import dev.bulwark.scan.vex.VexFilter;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulwark scan REF|--rootfs DIR}: match installed Debian packages against advisories. */
@Command(name = "scan",
        footer = {"", "Examples:",
                "  bulwark scan oci:out/python3",
                "  bulwark scan oci:out/python3 --fail-on high --format sarif --output scan.sarif",
                "  bulwark scan 127.0.0.1:5000/python3:1 --platform linux/arm64",
                "  bulwark scan --rootfs / --ignore-unfixed --format json"},
        mixinStandardHelpOptions = true,
        description = {"Match an image's (or a root directory's) Debian packages against advisories.",
                "Packages map to their source package; versions compare as dpkg does. A fix counts as available only",
                "when a suite the image builds from carries it, and the suite is named. VEX documents (--vex) suppress",
                "findings they mark not_affected or fixed."})
final class ScanCommand implements Callable<Integer> {

    enum ReportFormat { table, json, sarif, cyclonedx }

    @Mixin
    ScanOptions scanOptions;

    @Option(names = "--vex", paramLabel = "FILE", description = "OpenVEX document to apply, repeatable.")
    List<Path> vex = new ArrayList<>();

    @Option(names = "--format", defaultValue = "table",
            description = "table, json, sarif or cyclonedx (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = {"Exit 1 when a finding is at least this severe: low, medium, high or critical.",
                    "A finding of unknown severity counts at every threshold unless --ignore-unknown."})
    String failOn;

    @Option(names = "--ignore-unknown", description = "With --fail-on, do not count findings of unknown severity.")
    boolean ignoreUnknown;

    @Option(names = "--ignore-unfixed", description = "Leave out findings Debian has no fixed version for.")
    boolean ignoreUnfixed;

    @Option(names = "--show-suppressed", description = "Also list findings VEX suppressed, with the justification.")
    boolean showSuppressed;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path output;

    @Spec
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        Severity threshold = threshold();
        long start = System.nanoTime();
        Progress progress = ConsoleProgress.standard(format != ReportFormat.table || output != null);
        ScanTarget target = scanOptions.target();
        AdvisoryDb db = scanOptions.advisoryDb(target, progress);
        ScanResult result = new Matcher(db, scanOptions.securitySupport(target)).scan(target, ignoreUnfixed);
        PrintWriter notes = self.commandLine().getErr();
        scanOptions.notes.forEach(n -> notes.println("bulwark: " + n));
        if (!result.noEvidence().isEmpty()) {
            notes.println("bulwark: no evidence for " + result.noEvidence().size() + " source packages with newer versions"
                    + " (no changelog to read): " + String.join(", ", result.noEvidence().stream().map(n -> n.source()).toList()));
        }
        notes.flush();
        result = VexFilter.apply(result, readVex());
        String report = switch (format) {
            case table -> TableReport.render(result, showSuppressed);
            case json -> JsonReport.render(result, showSuppressed);
            case sarif -> SarifReport.render(result, version());
            case cyclonedx -> CycloneDxReport.render(result, version());
        };
        write(report);
        if (format == ReportFormat.table && output == null) {
            self.commandLine().getErr().printf("scanned in %.2f s (advisories: %s)%n", (System.nanoTime() - start) / 1e9,
                    String.join(", ", result.advisorySources()));
            self.commandLine().getErr().flush();
        }
        int over = threshold == null ? 0 : result.atLeast(threshold, ignoreUnknown).size()
                + result.componentsAtLeast(threshold, ignoreUnknown).size();
        if (over > 0) {
            PrintWriter err = self.commandLine().getErr();
            err.println("bulwark: " + over + " findings at or above "
                    + threshold.word() + (ignoreUnknown ? "" : " or of unknown severity") + " (--fail-on "
                    + threshold.word() + ")");
            err.flush();
            return Kind.CHECK_FAILED.exitCode();
        }
        return 0;
    }

    private Severity threshold() throws BulwarkException {
        if (failOn == null) {
            return null;
        }
        try {
            Severity s = Severity.parse(failOn);
            if (s.compareTo(Severity.LOW) < 0) {
                throw new IllegalArgumentException("unknown severity '" + failOn + "' (expected low, medium, high or critical)");
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot use --fail-on: " + e.getMessage(), e);
        }
    }

    private List<VexDocument> readVex() throws ScanException {
        List<VexDocument> docs = new ArrayList<>();
        for (Path p : vex) {
            try (InputStream in = Files.newInputStream(p)) {
                docs.add(OpenVex.read(in, p.toString()));
            } catch (IOException e) {
                throw new ScanException(Kind.BAD_INPUT, "cannot read VEX document " + p + ": " + e.getMessage(), e);
            }
        }
        return docs;
    }

    private void write(String report) throws BulwarkException {
        if (output == null) {
            PrintWriter out = self.commandLine().getOut();
            out.print(report);
            out.flush();
            return;
        }
        try {
            Files.writeString(output, report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BulwarkException(Kind.ENVIRONMENT, "cannot write report " + output + ": " + e.getMessage(), e);
        }
    }

    static String version() {
        return new Main.Version().getVersion()[0].replace("bulwark ", "");
    }
}
