package dev.bulwark.scan;

import dev.bulwark.core.BulwarkException;

/** Base of every failure the check module reports: advisory sources, matching, VEX, reports. */
public class ScanException extends BulwarkException {

    public ScanException(Kind kind, String message) {
        super(kind, message);
    }

    public ScanException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
