package dev.bulwark.server.compare;

import dev.bulwark.server.ServerException;

/** A side of a comparison cannot be named so: it is malformed, or names nothing the server has ({@link #notFound}). */
public final class CompareException extends ServerException {
    private final boolean notFound;

    CompareException(String message, boolean notFound) {
        super(Kind.BAD_INPUT, message);
        this.notFound = notFound;
    }

    public boolean notFound() {
        return notFound;
    }
}
