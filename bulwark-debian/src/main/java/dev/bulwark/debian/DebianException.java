package dev.bulwark.debian;

import dev.bulwark.core.BulwarkException;

/** Base of every failure raised by the Debian module (control files, versions, archive, resolver, .deb reader). */
public class DebianException extends BulwarkException {

    public DebianException(Kind kind, String message) {
        super(kind, message);
    }

    public DebianException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
