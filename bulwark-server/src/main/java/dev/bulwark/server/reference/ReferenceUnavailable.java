package dev.bulwark.server.reference;

import dev.bulwark.server.ServerException;

/**
 * An allowed reference cannot be compared just now: it is still being read ({@link #pending}; ask again shortly), or
 * reading it failed (the registry is down, a blob does not match its digest, it is no Debian image); the message
 * says which, and what was read is not used.
 */
public final class ReferenceUnavailable extends ServerException {
    private final boolean pending;

    ReferenceUnavailable(String message, boolean pending, Throwable cause) {
        super(Kind.ENVIRONMENT, message, cause);
        this.pending = pending;
    }

    public boolean pending() {
        return pending;
    }
}
