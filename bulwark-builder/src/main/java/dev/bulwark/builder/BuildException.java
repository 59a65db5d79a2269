package dev.bulwark.builder;

import dev.bulwark.core.BulwarkException;

/** Root of every failure the build module reports: a bad spec or lock, or an environment that cannot build. */
public class BuildException extends BulwarkException {

    public BuildException(Kind kind, String message) {
        super(kind, message);
    }

    public BuildException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
