package dev.bulwark.check;

import dev.bulwark.core.BulwarkException;

/** Base of every failure the check module reports: advisory sources, matching, VEX, reports. */
public class CheckException extends BulwarkException {

    public CheckException(Kind kind, String message) {
        super(kind, message);
    }

    public CheckException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
