package dev.bulwark.cli;

import dev.bulwark.core.BulwarkException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code bulwark} command. */
@Command(name = "bulwark", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Hardened, minimal, reproducible OCI images from real Debian packages.", ""},
        subcommands = {ResolveCommand.class, LockCommand.class, BuildCommand.class, RunCommand.class, InspectCommand.class,
                CopyCommand.class, ReferrersCommand.class, SbomCommand.class, KeyCommand.class, SignCommand.class,
                AttestCommand.class, VerifyCommand.class, VerifyAttestationCommand.class, ScanCommand.class,
                VexCommand.class, AdvisoriesCommand.class, CheckCommand.class, TestCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 a check failed, 2 bad input, 3 environment (network, archive, tools).",
                "The Debian mirror comes from --mirror, BULWARK_MIRROR, or the host's apt sources.",
                "The cache is ~/.cache/bulwark unless BULWARK_CACHE or --cache says otherwise."})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, with Bulwark's error handling; tests redirect its out and err. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::onException);
        cli.setParameterExceptionHandler(Main::onBadUsage);
        return cli;
    }

    private static int onException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof BulwarkException be) {
            err.println("bulwark: " + be.getMessage());
            err.flush();
            return be.kind().exitCode();
        }
        err.println("bulwark: internal error: " + e);
        if (System.getenv("BULWARK_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("(set BULWARK_DEBUG=1 to see the stack trace, and please report it)");
        }
        err.flush();
        return 70;
    }

    private static int onBadUsage(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("bulwark: " + e.getMessage());
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return 2;
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"bulwark " + (v == null ? "0.1.0-dev" : v)};
        }
    }
}
