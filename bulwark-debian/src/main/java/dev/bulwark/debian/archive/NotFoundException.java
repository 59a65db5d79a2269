package dev.bulwark.debian.archive;

import java.net.URI;

/**
 * The archive answered that a file does not exist (HTTP 404, or no such file on a {@code file:} mirror). A caller
 * that knows why a file may be missing (a lock naming a version the pool dropped) says so by catching this type,
 * never by reading the message.
 */
public final class NotFoundException extends ArchiveException {
    private final URI uri;

    public NotFoundException(URI uri, String message, Throwable cause) {
        super(Kind.ENVIRONMENT, message, cause);
        this.uri = uri;
    }

    /** The address that was not found. */
    public URI uri() {
        return uri;
    }
}
