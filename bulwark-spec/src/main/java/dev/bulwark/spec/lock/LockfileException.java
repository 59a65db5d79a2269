package dev.bulwark.spec.lock;

import dev.bulwark.core.BulwarkException;

/** A lockfile that cannot be read or written: missing, malformed, of an unknown format, or on a full disk. */
public class LockfileException extends BulwarkException {

    public LockfileException(Kind kind, String message) {
        super(kind, message);
    }

    public LockfileException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
