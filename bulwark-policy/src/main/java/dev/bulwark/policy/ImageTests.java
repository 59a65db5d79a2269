package dev.bulwark.policy;

import dev.bulwark.image.ImageSources;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.transport.ImageSource;
import dev.bulwark.policy.model.ImageModel;
import dev.bulwark.policy.model.ImageModels;
import dev.bulwark.policy.structure.CommandRunner;
import dev.bulwark.policy.structure.SandboxCommandRunner;
import dev.bulwark.policy.structure.StructureTestParser;
import dev.bulwark.policy.structure.StructureTestRunner;
import dev.bulwark.policy.structure.StructureTests;
import dev.bulwark.policy.structure.TestSummary;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The {@code test} operation: structure test files against one image, commands in the sandbox. */
public final class ImageTests {
    private ImageTests() {
    }

    /** Reads and checks every file first, so a malformed file fails before any image is read. */
    public static List<StructureTests> load(List<Path> files) throws PolicyException {
        List<StructureTests> out = new ArrayList<>();
        for (Path f : files) {
            out.add(StructureTestParser.read(f));
        }
        return out;
    }

    /** Runs the tests on the image for {@code arch} (null: this machine's, or the only one); rootfs under {@code workDir}. */
    public static TestSummary run(String name, ImageSource source, String arch, List<StructureTests> tests, Path workDir,
            Clock clock) throws BulwarkException {
        Image image = ImageSources.select(source, arch);
        return run(ImageModels.of(name, image), SandboxCommandRunner.factory(source, arch, workDir), tests, clock);
    }

    public static TestSummary run(ImageModel model, CommandRunner.Factory commands, List<StructureTests> tests, Clock clock)
            throws BulwarkException {
        try (StructureTestRunner runner = new StructureTestRunner(model, commands, clock)) {
            return runner.run(tests);
        }
    }
}
