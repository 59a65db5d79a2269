package dev.bulwark.cli;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.text.Escape;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of the {@code bulwark} command. */
@Command(name = "bulwark", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Hardened, minimal, reproducible OCI images from real Debian packages.", ""},
        footer = {"", "Exit codes: 0 success, 1 a check failed, 2 bad input, 3 environment (network, archive, tools)",
                "or an unexpected failure (one line; --debug shows the stack trace).",
                "The Debian mirror comes from --mirror, BULWARK_MIRROR, or the host's apt sources.",
                "The cache is ~/.cache/bulwark unless BULWARK_CACHE or --cache says otherwise.",
                "", "Examples:",
                "  bulwark build examples/python3.yaml --output oci:out/python3",
                "  bulwark scan oci:out/python3",
                "  bulwark help build"})
public final class Main {
    /**
     * The subcommands, in the order {@code bulwark --help} lists them. They are added in code rather than in
     * {@code @Command(subcommands)}: picocli builds the model of every listed command up front, about 0.2 s of CPU at
     * each start, so a run that names one command builds only that one.
     */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(ResolveCommand.class, LockCommand.class,
            BuildCommand.class, RunCommand.class, InspectCommand.class, CopyCommand.class, ReferrersCommand.class,
            SbomCommand.class, KeyCommand.class, SignCommand.class, AttestCommand.class, VerifyCommand.class,
            VerifyAttestationCommand.class, ScanCommand.class, VexCommand.class, AdvisoriesCommand.class,
            GcCommand.class, ReproduceCommand.class, CatalogCommand.class, OutdatedCommand.class, WatchCommand.class,
            CheckCommand.class, TestCommand.class, AdoptCommand.class, ServeCommand.class, TokensCommand.class,
            WorkerCommand.class, BumpCommand.class, CacheCommand.class, CommandLine.HelpCommand.class);
    /**
     * The names of {@link #SUBCOMMANDS} but the last (help), in the same order: matching the first argument against
     * them costs nothing, reading the annotations ~0.01 s (LazySubcommandsTest keeps the two lists in step).
     */
    static final java.util.List<String> NAMES = java.util.List.of("resolve", "lock", "build", "run", "inspect", "copy",
            "referrers", "sbom", "key", "sign", "attest", "verify", "verify-attestation", "scan", "vex", "advisories",
            "gc", "reproduce", "catalog", "outdated", "watch", "check", "test", "adopt", "serve",
            "tokens", "worker", "bump", "cache");

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On an unexpected failure, print the stack trace (also: BULWARK_DEBUG=1).")
    boolean debug;

    public static void main(String[] args) {
        Warmup.start(args);
        int code = run(args);
        System.exit(code);
    }

    /** Runs the CLI and returns its exit code (tests call this). */
    public static int run(String... args) {
        return commandLine(subcommandsFor(args)).execute(args);
    }

    /** The configured command line with every subcommand, with Bulwark's error handling; tests redirect its out and err. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    /**
     * The subcommands a run needs: only the one its first argument names, none for a lone
     * {@code --version}, and all of them for everything else — an option, {@code help}, a misspelled name — so help,
     * suggestions and errors read as before.
     */
    static java.util.List<Class<?>> subcommandsFor(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return java.util.List.of();
        }
        int named = args.length == 0 ? -1 : NAMES.indexOf(args[0]);
        return named < 0 ? SUBCOMMANDS : java.util.List.of(SUBCOMMANDS.get(named));
    }

    /** The command line with the given subcommands (in {@link #SUBCOMMANDS} order). */
    static CommandLine commandLine(java.util.List<Class<?>> subcommands) {
        CommandLine cli = new CommandLine(new Main());
        for (Class<?> c : subcommands) {
            cli.addSubcommand(c);
        }
        cli.setExecutionExceptionHandler(Main::onException);
        cli.setParameterExceptionHandler(Main::onBadUsage);
        // picocli hands Exceptions to the handler but lets Errors (OutOfMemoryError, a StackOverflowError from a
        // bug) escape as a stack trace and exit 1, which means "a check failed"; they end here instead.
        cli.setExecutionStrategy(parsed -> {
            try {
                return new CommandLine.RunLast().execute(parsed);
            } catch (Error e) {
                return onUnexpected(e, parsed.commandSpec().commandLine(), parsed);
            }
        });
        HelpLayout.install(cli, true);
        return cli;
    }

    private static int onException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        if (e instanceof BulwarkException be) {
            PrintWriter err = cli.getErr();
            err.println("bulwark: " + Escape.text(be.getMessage()));
            if (debug(parsed)) {
                StackTraces.print(be, err);
            }
            err.flush();
            return be.kind().exitCode();
        }
        return onUnexpected(e, cli, parsed);
    }

    /** A failure no check anticipated: one line, exit 3 (never 1, which says a check failed). */
    private static int onUnexpected(Throwable e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        boolean debug = debug(parsed);
        if (e instanceof OutOfMemoryError) {
            err.println("bulwark: cannot finish: out of memory (" + Escape.text(e.getMessage()) + "); give Java more, e.g. "
                    + "BULWARK_JAVA_OPTS=-Xmx4g" + (debug ? "" : " (--debug shows the stack trace)"));
        } else {
            err.println("bulwark: internal error: " + Escape.text(String.valueOf(e))
                    + (debug ? "" : " (a bug: please report it; --debug shows the stack trace)"));
        }
        if (debug) {
            StackTraces.print(e, err);
        }
        err.flush();
        return 3;
    }

    private static boolean debug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        String env = System.getenv("BULWARK_DEBUG");
        return env != null && !env.isEmpty() && !"0".equals(env);
    }

    private static int onBadUsage(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("bulwark: " + Escape.text(e.getMessage()));
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
