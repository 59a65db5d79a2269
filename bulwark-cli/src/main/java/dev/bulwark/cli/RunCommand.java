package dev.bulwark.cli;

import dev.bulwark.image.ImageSources;
import dev.bulwark.image.run.ImageRunner;
import dev.bulwark.image.run.RunRequest;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.ref.ImageReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark run REF [-- ARGS…]}: run the image's command (or ARGS) inside it, sandboxed with bubblewrap. */
@Command(name = "run",
        footer = {"", "Examples:",
                "  bulwark run oci:out/python3:latest -- -c 'print(1)'   # python3 -c 'print(1)'",
                "  bulwark run oci:out/python3:latest --entrypoint /usr/bin/python3.13 -- -V",
                "  bulwark run oci:out/app:latest -u 1000:1000 -w /srv -e LANG=C.UTF-8 -e TERM",
                "  bulwark run oci:out/app:latest --network host"},
        header = "Run a command inside an image, sandboxed with bubblewrap.", mixinStandardHelpOptions = true,
        description = {"Run the image as docker run does, sandboxed with bubblewrap (bwrap): the",
                "image's entrypoint, user, environment and working directory; own user, PID,",
                "IPC and UTS namespaces; no capabilities, /proc/sys read-only, no /sys, no",
                "network unless asked. Root inside the image is never root on the host; a",
                "warning says when the command runs as root. The image is unpacked safely",
                "(no path escapes) into a temp directory, removed afterwards, also on Ctrl-C",
                "and SIGTERM; the next run sweeps what a killed one left behind.",
                "",
                "ARGS after -- replace the image's cmd and are appended to its entrypoint;",
                "with no entrypoint (or --entrypoint ''), ARGS is the command. Without ARGS,",
                "the image's entrypoint + cmd run.",
                "",
                "Exit code: the command's (128+N when signal N killed it); 126 when the command",
                "cannot be executed; 127 when it is not found in the image; 2 bad input",
                "(reference, user, options); 3 environment (no bwrap, unreachable --tmp)."})
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REF",
            description = "The image: oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE[:TAG] or a registry reference.")
    String reference;
    @Parameters(index = "1..*", paramLabel = "ARGS",
            description = "Arguments after --: the image's cmd replaced, appended to its entrypoint.")
    List<String> args = List.of();
    @Option(names = "--entrypoint", paramLabel = "CMD",
            description = "Run CMD instead of the image's entrypoint (and drop its cmd); '' clears the entrypoint.")
    String entrypoint;
    @Option(names = {"-u", "--user"}, paramLabel = "USER",
            description = "User to run as: a name or uid[:gid] (names looked up in the image's /etc/passwd and /etc/group).")
    String user;
    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the image (absolute).")
    String workdir;
    @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]",
            description = "Set an environment variable; KEY alone passes this shell's value (skipped when unset).")
    List<String> env = List.of();
    @Option(names = "--network", paramLabel = "MODE", defaultValue = "none",
            description = "none (default: an empty network namespace) or host (share the host's network).")
    String network;
    @picocli.CommandLine.Mixin
    PlatformOptions platformOptions;
    @picocli.CommandLine.Mixin
    RegistryOptionsMixin registryOptions;
    @Option(names = "--tmp", paramLabel = "DIR",
            description = "Where the temporary rootfs goes; the image's user must be able to reach it (default: the system temp dir).")
    String tmp;

    @Override
    public Integer call() throws BulwarkException {
        ImageReference ref = ImageReference.parse(reference);
        if (!network.equals("none") && !network.equals("host")) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot use --network " + network + ": give none or host");
        }
        RunRequest request = RunRequest.of(args)
                .withEntrypoint(entrypoint == null ? null : entrypoint.isEmpty() ? List.of() : List.of(entrypoint))
                .withEnv(environment(env)).withWorkdir(workdir).withUser(user).withNetwork(network.equals("host"))
                .withOutput(RunRequest.Output.inherit());
        Path work = Path.of(tmp != null ? tmp : System.getProperty("java.io.tmpdir"));
        return new ImageRunner(work)
                .run(ImageSources.open(ref, registryOptions.toOptions(dev.bulwark.core.Progress.NONE)), platformOptions.wanted(),
                        request)
                .exitCode();
    }

    /** {@code KEY=VALUE} as given; {@code KEY} alone takes this process's value, or is skipped when unset. */
    static List<String> environment(List<String> given) throws BulwarkException {
        List<String> env = new ArrayList<>();
        for (String e : given) {
            int eq = e.indexOf('=');
            if (eq == 0 || e.isEmpty()) {
                throw new BulwarkException(Kind.BAD_INPUT, "cannot set environment '" + e + "': give KEY=VALUE or KEY");
            }
            if (eq > 0) {
                env.add(e);
            } else if (System.getenv(e) != null) {
                env.add(e + "=" + System.getenv(e));
            }
        }
        return env;
    }
}
