package dev.bulwark.image.run;

import java.nio.charset.StandardCharsets;

/**
 * How a command ended. {@code exitCode} is the command's, or 128+N when signal N killed it; the sandbox's own
 * conventions (like {@code docker run}): {@value #CANNOT_INVOKE} the command exists but cannot be executed,
 * {@value #NOT_FOUND} no such command in the image, {@value #TIMED_OUT} killed after the request's timeout.
 * {@code stdout} and {@code stderr} are empty when the output was inherited; {@code truncated} when either
 * stream went past the capture limit.
 */
public record RunResult(int exitCode, byte[] stdout, byte[] stderr, boolean timedOut, boolean truncated) {
    public static final int CANNOT_INVOKE = 126;
    public static final int NOT_FOUND = 127;
    public static final int TIMED_OUT = 124;

    public RunResult {
        stdout = stdout.clone();
        stderr = stderr.clone();
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }
}
