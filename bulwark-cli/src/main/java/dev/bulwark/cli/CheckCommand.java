package dev.bulwark.cli;

import dev.bulwark.core.TempFiles;
import dev.bulwark.scan.match.Matcher;
import dev.bulwark.scan.match.ScanTarget;
import dev.bulwark.scan.match.Targets;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageSource;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.oci.transport.Transports;
import dev.bulwark.policy.ImageChecks;
import dev.bulwark.policy.PolicyEngine;
import dev.bulwark.policy.report.PolicyReport;
import dev.bulwark.policy.report.PolicyReports;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulwark check REF|--rootfs DIR [--policy FILE]}: the policy gate. */
@Command(name = "check",
        footer = {"", "Examples:",
                "  bulwark check oci:out/python3:latest",
                "  bulwark check --rootfs /srv/rootfs --policy policy.yaml --format sarif"},
        mixinStandardHelpOptions = true,
        description = {"Check an image (every platform, or --platform) or a root directory against a policy.",
                "Built-in rules: non-root-user, no-setuid-files, no-world-writable, no-shell, no-package-manager,",
                "no-secrets, licence-deny-list, vulnerability-sla, required-annotations, base-pinned,",
                "signed-and-attested; plus the policy's custom CEL rules (docs/policy.md). Exit 1 when a rule at",
                "'deny' fails, 2 when the policy file is malformed."})
final class CheckCommand implements Callable<Integer> {

    enum ReportFormat { table, json, sarif }

    @Mixin
    ScanOptions scanOptions;

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy YAML (default: the built-in rules at their default levels).")
    Path policy;

    @Option(names = "--format", defaultValue = "table", description = "table, json or sarif (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path output;

    @Spec
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        if ((scanOptions.ref == null) == (scanOptions.rootfs == null)) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot check: give an image REF or --rootfs DIR (exactly one)");
        }
        PolicyEngine engine = new PolicyEngine(Clock.systemUTC());
        PolicyEngine.Loaded loaded = engine.load(policy);
        boolean scan = ImageChecks.needsVulnerabilities(loaded);
        List<PolicyReport> reports;
        if (scanOptions.rootfs != null) {
            ImageChecks checks = new ImageChecks(engine, loaded, null);
            reports = List.of(checks.checkRootfs(scanOptions.rootfs, scan ? findings(scanOptions.target()) : null));
        } else {
            ImageChecks checks = new ImageChecks(engine, loaded, (model, image) -> findings(Targets.fromImage(
                    scanOptions.ref, image, scanOptions.release, scanOptions.suites,
                    scanOptions.archiveOptions.cacheDir())));
            ImageReference ref = ImageReference.parse(scanOptions.ref);
            ImageSource source = scanOptions.openSource(scanOptions.ref);
            Platform only = scanOptions.platform == null ? null : Platform.parse(scanOptions.platform);
            reports = checks.check(scanOptions.ref, source, only, store(ref));
        }
        write(switch (format) {
            case table -> PolicyReports.table(reports);
            case json -> PolicyReports.json(reports);
            case sarif -> PolicyReports.sarif(reports, ScanCommand.version());
        });
        return reports.stream().anyMatch(PolicyReport::failed) ? Kind.CHECK_FAILED.exitCode() : 0;
    }

    private List<dev.bulwark.scan.match.Finding> findings(ScanTarget target) throws BulwarkException {
        var db = scanOptions.advisoryDb(target, ConsoleProgress.standard(true));
        return new Matcher(db, scanOptions.securitySupport(target)).scan(target, false).findings();
    }

    private Store store(ImageReference ref) throws BulwarkException {
        if (!(ref instanceof ImageReference.OciLayout || ref instanceof ImageReference.Registry)) {
            return null;
        }
        try {
            return Transports.openStore(ref, scanOptions.registryOptions.toOptions(Progress.NONE));
        } catch (OciException e) {
            return null; // no store, no evidence: the signature rule reports itself as not applicable
        }
    }

    private void write(String report) throws BulwarkException {
        if (output == null) {
            PrintWriter out = self.commandLine().getOut();
            out.print(report);
            out.flush();
            return;
        }
        try {
            Path temp = TempFiles.createFile(output.toAbsolutePath().getParent(), "check");
            Files.writeString(temp, report, StandardCharsets.UTF_8);
            Files.move(temp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BulwarkException(Kind.ENVIRONMENT, "cannot write report " + output + ": " + e.getMessage(), e);
        }
    }
}
