package dev.bulwark.image.run;

import java.time.Duration;
import java.util.List;

/**
 * One command to run in an unpacked image, with {@code docker run} semantics.
 *
 * <ul>
 *   <li>{@code args}: replaces the image's cmd; appended to the entrypoint (empty: the image's cmd).</li>
 *   <li>{@code entrypoint}: null keeps the image's; an empty list clears it (then {@code args} is the command).</li>
 *   <li>{@code env}: {@code KEY=VALUE} entries added to (and overriding) the image's environment.</li>
 *   <li>{@code workdir}, {@code user}: null keeps the image's; user is a name or {@code uid[:gid]}, looked up in
 *       the image's /etc/passwd and /etc/group.</li>
 *   <li>{@code network}: share the host's network (default: none, only a loopback-less empty namespace).</li>
 *   <li>{@code output}: inherit this process's terminal, or capture stdout and stderr (each up to its limit).</li>
 *   <li>{@code timeout}: null for none; on expiry the sandbox is killed and {@link RunResult#timedOut()} is set.</li>
 * </ul>
 */
public record RunRequest(List<String> args, List<String> entrypoint, List<String> env, String workdir, String user,
        boolean network, Output output, Duration timeout) {

    /** Where the command's stdout and stderr go. */
    public record Output(boolean terminal, int limitBytes) {
        /** Default cap on each captured stream. */
        public static final int DEFAULT_LIMIT = 4 << 20;

        public Output {
            if (limitBytes < 0) {
                throw new IllegalArgumentException("limitBytes must be >= 0: " + limitBytes);
            }
        }

        /** Stdin, stdout and stderr are this process's (for the CLI). */
        public static Output inherit() {
            return new Output(true, 0);
        }

        /** Stdout and stderr are captured, each up to {@code limitBytes} (the rest is read and dropped). */
        public static Output capture(int limitBytes) {
            return new Output(false, limitBytes);
        }
    }

    public RunRequest {
        args = List.copyOf(args);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        env = List.copyOf(env);
        for (String e : env) {
            if (e.indexOf('=') <= 0) {
                throw new IllegalArgumentException("environment entry is not KEY=VALUE: " + e);
            }
        }
        if (output == null) {
            throw new IllegalArgumentException("output is required");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** The image's entrypoint with {@code args} (or its cmd), as configured, output captured, no timeout. */
    public static RunRequest of(List<String> args) {
        return new RunRequest(args, null, List.of(), null, null, false, Output.capture(Output.DEFAULT_LIMIT), null);
    }

    public static RunRequest of(String... args) {
        return of(List.of(args));
    }

    public RunRequest withEntrypoint(List<String> e) {
        return new RunRequest(args, e, env, workdir, user, network, output, timeout);
    }

    public RunRequest withEnv(List<String> e) {
        return new RunRequest(args, entrypoint, e, workdir, user, network, output, timeout);
    }

    public RunRequest withWorkdir(String w) {
        return new RunRequest(args, entrypoint, env, w, user, network, output, timeout);
    }

    public RunRequest withUser(String u) {
        return new RunRequest(args, entrypoint, env, workdir, u, network, output, timeout);
    }

    public RunRequest withNetwork(boolean n) {
        return new RunRequest(args, entrypoint, env, workdir, user, n, output, timeout);
    }

    public RunRequest withOutput(Output o) {
        return new RunRequest(args, entrypoint, env, workdir, user, network, o, timeout);
    }

    public RunRequest withTimeout(Duration t) {
        return new RunRequest(args, entrypoint, env, workdir, user, network, output, t);
    }
}
