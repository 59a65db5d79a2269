package dev.bulwark.cli;

import dev.bulwark.core.TempFiles;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageSource;
import dev.bulwark.policy.ImageTests;
import dev.bulwark.policy.structure.StructureTests;
import dev.bulwark.policy.structure.TestReports;
import dev.bulwark.policy.structure.TestSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bulwark test REF --config FILE…}: container-structure-test files against an image. */
@Command(name = "test",
        footer = {"", "Examples:",
                "  bulwark test oci:out/python3:latest --config examples/tests/common.yaml",
                "  bulwark test oci:out/java:latest --config java.yaml --format junit"},
        mixinStandardHelpOptions = true,
        description = {"Run container-structure-test files (schemaVersion 2.0.0 or 1.0.0) against an image.",
                "Command tests run in the bubblewrap sandbox as the image's user, without network. Exit 1 when a",
                "test fails, 2 when a test file is malformed."})
final class TestCommand implements Callable<Integer> {

    enum ReportFormat { text, json, junit, ctrf }

    @Parameters(index = "0", paramLabel = "REF", description = "Image: oci:DIR[:TAG], oci-archive:, docker-archive:, docker://.")
    String ref;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "Test file, repeatable.")
    List<Path> configs = new ArrayList<>();

    @Option(names = "--format", defaultValue = "text", description = "text, json, junit or ctrf (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Mixin
    PlatformOptions platformOptions;

    @Option(names = "--tmp", paramLabel = "DIR", description = "Where the image is unpacked for command tests (default: the temp dir).")
    Path tmp;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path output;

    @Mixin
    RegistryOptionsMixin registryOptions;

    @Spec
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        List<StructureTests> tests = ImageTests.load(configs);
        ImageSource source = dev.bulwark.image.ImageSources.open(ImageReference.parse(ref),
                registryOptions.toOptions(Progress.NONE));
        Platform wanted = platformOptions.wanted();
        String arch = wanted == null ? null : dev.bulwark.image.PlatformChoice.debianArch(wanted);
        Path work = tmp != null ? tmp : Path.of(System.getProperty("java.io.tmpdir"));
        TestSummary summary = ImageTests.run(ref, source, arch, tests, work, Clock.systemUTC());
        String report = switch (format) {
            case text -> TestReports.text(summary);
            case json -> TestReports.json(summary);
            case junit -> TestReports.junit(summary);
            case ctrf -> TestReports.ctrf(summary, ScanCommand.version());
        };
        write(report);
        return summary.failed() > 0 ? Kind.CHECK_FAILED.exitCode() : 0;
    }

    private void write(String report) throws BulwarkException {
        if (output == null) {
            self.commandLine().getOut().print(report);
            self.commandLine().getOut().flush();
            return;
        }
        try {
            Path temp = TempFiles.createFile(output.toAbsolutePath().getParent(), "test");
            Files.writeString(temp, report, StandardCharsets.UTF_8);
            Files.move(temp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BulwarkException(Kind.ENVIRONMENT, "cannot write report " + output + ": " + e.getMessage(), e);
        }
    }
}
