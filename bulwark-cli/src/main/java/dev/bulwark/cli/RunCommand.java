package dev.bulwark.cli;

import dev.bulwark.build.pipeline.ImageSources;
import dev.bulwark.build.run.ImageRunner;
import dev.bulwark.build.run.RunRequest;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.ref.ImageReference;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark run REF -- CMD…}: run a command inside an image with bubblewrap. */
@Command(name = "run",
        footer = {"", "Examples:",
                "  bulwark run oci:out/python3 -- /usr/bin/python3 -c 'print(42)'",
                "  bulwark run oci:out/python3 --env LANG=C.UTF-8 -- /usr/bin/python3 --version"},
        header = "Run a command inside an image, sandboxed with bubblewrap.", mixinStandardHelpOptions = true,
        description = {"Run a command inside an image, sandboxed with bubblewrap (bwrap): the image's user, environment",
                "and working directory, its own PID/IPC/UTS namespaces and no network.",
                "The image is unpacked safely (no path escapes) into a temp directory that is removed afterwards.",
                "A command after -- replaces the image's entrypoint and cmd; without one, they run as configured.",
                "The exit code is the command's."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REF",
            description = "The image: oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE[:TAG] or a registry reference.")
    String reference;
    @Parameters(index = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
    List<String> command = List.of();
    @Option(names = "--arch", paramLabel = "ARCH", description = "Debian architecture to run (default: this machine's).")
    String arch;
    @Option(names = {"--env", "-e"}, paramLabel = "KEY=VALUE", description = "Extra environment variables.")
    List<String> env = List.of();
    @Option(names = "--network", description = "Share the host's network (default: none).")
    boolean network;
    @picocli.CommandLine.Mixin
    RegistryOptionsMixin registryOptions;
    @Option(names = "--tmp", paramLabel = "DIR",
            description = "Where the temporary rootfs goes; the image's user must be able to reach it (default: the system temp dir).")
    String tmp;

    @Override
    public Integer call() throws BulwarkException {
        ImageReference ref = ImageReference.parse(reference);
        java.nio.file.Path work = java.nio.file.Path.of(tmp != null ? tmp : System.getProperty("java.io.tmpdir"));
        return new ImageRunner(work)
                .run(ImageSources.open(ref, registryOptions.toOptions(dev.bulwark.core.Progress.NONE)),
                        new RunRequest(arch, command, env, network));
    }
}
