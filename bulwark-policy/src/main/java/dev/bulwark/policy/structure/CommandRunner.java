package dev.bulwark.policy.structure;

import dev.bulwark.core.BulwarkException;
import java.util.List;

/** Runs commands in one unpacked image, as its user, one after another; closing removes the image. */
public interface CommandRunner extends AutoCloseable {

    /** How a command ended; exit code 127 when it is not in the image, 126 when it cannot be executed. */
    record Outcome(int exitCode, String stdout, String stderr, boolean timedOut) {
    }

    Outcome run(List<String> argv, List<String> env) throws BulwarkException;

    @Override
    void close();

    /** Opens a runner when the first command test needs one (unpacking is the expensive part). */
    @FunctionalInterface
    interface Factory {
        CommandRunner open() throws BulwarkException;
    }
}
