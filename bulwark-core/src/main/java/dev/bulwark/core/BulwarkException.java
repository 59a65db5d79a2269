package dev.bulwark.core;

/**
 * Root of every failure Bulwark reports to a user. Each module has its own subclass; the CLI maps the
 * {@link Kind} to an exit code, so a user never sees a bare stack trace.
 */
public class BulwarkException extends Exception {

    /** Who has to act: the user (bad input), the environment (network, tools), or a check that failed. */
    public enum Kind {
        CHECK_FAILED(1), BAD_INPUT(2), ENVIRONMENT(3);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;

    public BulwarkException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BulwarkException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
