package dev.bulwark.policy;

import dev.bulwark.core.BulwarkException;

/**
 * A gate could not run: a policy or test file is malformed (bad input, naming file, line and field), or the image
 * cannot be read. A gate that ran and failed is a result, not this exception.
 */
public class PolicyException extends BulwarkException {
    public PolicyException(Kind kind, String message) {
        super(kind, message);
    }

    public PolicyException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
