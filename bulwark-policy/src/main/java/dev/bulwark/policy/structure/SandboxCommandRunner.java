package dev.bulwark.policy.structure;

import dev.bulwark.image.run.ImageRunner;
import dev.bulwark.image.run.RunRequest;
import dev.bulwark.image.run.RunResult;
import dev.bulwark.image.run.UnpackedImage;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.transport.ImageSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Commands in the bubblewrap sandbox of bulwark-builder's run package: no network, the image's user and env. */
public final class SandboxCommandRunner implements CommandRunner {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private final UnpackedImage image;

    private SandboxCommandRunner(UnpackedImage image) {
        this.image = image;
    }

    /** A factory that unpacks the image for {@code arch} from {@code source} under {@code workDir} on first use. */
    public static Factory factory(ImageSource source, String arch, Path workDir) {
        return () -> new SandboxCommandRunner(new ImageRunner(workDir).unpack(source, arch));
    }

    @Override
    public Outcome run(List<String> argv, List<String> env) throws BulwarkException {
        RunRequest request = RunRequest.of(argv).withEntrypoint(List.of()).withEnv(env).withTimeout(TIMEOUT);
        RunResult r = image.run(request);
        return new Outcome(r.exitCode(), r.stdoutText(), r.stderrText(), r.timedOut());
    }

    @Override
    public void close() {
        image.close();
    }
}
