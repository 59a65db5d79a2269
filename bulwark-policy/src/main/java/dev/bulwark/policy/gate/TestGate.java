package dev.bulwark.policy.gate;

import dev.bulwark.policy.gate.Gate;
import dev.bulwark.spec.Spec;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.policy.ImageTests;
import dev.bulwark.policy.model.ImageModels;
import dev.bulwark.policy.structure.CommandRunner;
import dev.bulwark.policy.structure.SandboxCommandRunner;
import dev.bulwark.policy.structure.TestReports;
import dev.bulwark.policy.structure.TestSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The build's structure test gate: the spec's {@code tests:} files on the image of this machine's architecture (command
 * tests run natively; with no such image, the first one, where a command test fails rather than emulating). Its
 * predicate ({@value TestReports#CTRF_PREDICATE_TYPE}) is the CTRF report.
 */
public final class TestGate implements Gate {
    private final Path workDir;
    private final Clock clock;
    private final String toolVersion;

    public TestGate(Path workDir, Clock clock, String toolVersion) {
        this.workDir = workDir;
        this.clock = clock;
        this.toolVersion = toolVersion;
    }

    @Override
    public String name() {
        return "tests";
    }

    @Override
    public boolean appliesTo(Spec spec) {
        return !spec.gates().tests().isEmpty();
    }

    @Override
    public Result check(Spec spec, Map<String, Image> images) throws BulwarkException {
        var tests = ImageTests.load(spec.gates().tests());
        String arch = images.containsKey(hostArch()) ? hostArch() : images.keySet().iterator().next();
        Image image = images.get(arch);
        CommandRunner.Factory commands = SandboxCommandRunner.factory(new SingleImageSource(image), arch, workDir);
        TestSummary summary = ImageTests.run(ImageModels.of(spec.name() + " (" + arch + ")", image), commands, tests, clock);
        String text = summary.failed() == 0 ? summary.passed() + " tests passed on " + arch
                : summary.failed() + " of " + summary.results().size() + " tests failed on " + arch + ": "
                        + String.join(", ", summary.results().stream().filter(r -> !r.pass()).map(r -> r.name()).toList());
        return new Result(name(), summary.failed() == 0, text, TestReports.CTRF_PREDICATE_TYPE,
                TestReports.ctrf(summary, toolVersion).getBytes(StandardCharsets.UTF_8));
    }

    /** This machine's Debian architecture name. */
    static String hostArch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "ppc64le" -> "ppc64el";
            default -> a;
        };
    }
}
