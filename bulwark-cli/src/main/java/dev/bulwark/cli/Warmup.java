package dev.bulwark.cli;

import java.util.List;
import java.util.Set;

/**
 * Initialises, on a second thread, the classes nearly every command needs and that cost the most to set up, while the
 * main thread builds the command model (picocli's annotation reading, about 35 ms of a warm scan). Jackson's
 * {@code ObjectMapper} alone spends some 15 ms on its first use (its date format sets up a calendar, which lists
 * every locale the JDK knows); the SHA-256 provider and the JDK's signature classes follow. A class initialised here
 * is the same class the command then uses: the JVM lets one thread run a class's initialiser and makes the other
 * wait for it, so nothing is done twice and nothing is seen half-made.
 */
final class Warmup {
    /** The commands a warm-up pays for: those that run long enough to use these classes, never --help or --version. */
    private static final Set<String> VERBS = Set.of("resolve", "lock", "build", "inspect", "copy", "sbom", "verify",
            "verify-attestation", "scan", "vex", "outdated", "catalog", "check", "test", "adopt", "reproduce");
    private static final List<String> CLASSES = List.of("com.fasterxml.jackson.databind.ObjectMapper",
            "dev.bulwark.oci.internal.Json", "dev.bulwark.debian.version.DebianVersion");

    private Warmup() {
    }

    /** Starts the warm-up for a run of {@code args}, unless the run is help, a version or an unknown command. */
    static void start(String... args) {
        if (args.length == 0 || !VERBS.contains(args[0]) || List.of(args).contains("--help") || List.of(args).contains("-h")) {
            return;
        }
        Thread t = new Thread(Warmup::run, "bulwark-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        t.start();
    }

    private static void run() {
        ClassLoader loader = Warmup.class.getClassLoader();
        try {
            for (String name : CLASSES) {
                Class.forName(name, true, loader);
            }
            java.security.MessageDigest.getInstance("SHA-256");
            java.security.Signature.getInstance("SHA256withRSA");
        } catch (ReflectiveOperationException | java.security.GeneralSecurityException | LinkageError e) {
            // Only a head start, on classes whose initialisers do not fail on a working JDK. Were one to fail here,
            // the command would meet a NoClassDefFoundError without this cause where it uses the class: a bug to
            // report either way (exit 3, "internal error").
        }
    }
}
