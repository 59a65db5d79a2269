package dev.bulwark.server;

import dev.bulwark.core.BulwarkException;

/** Root of every failure the server reports before it serves: a bad listen address, certificate or key. */
public class ServerException extends BulwarkException {

    public ServerException(Kind kind, String message) {
        super(kind, message);
    }

    public ServerException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
