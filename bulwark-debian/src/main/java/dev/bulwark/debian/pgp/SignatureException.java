package dev.bulwark.debian.pgp;

import dev.bulwark.debian.DebianException;

/** A keyring could not be read or a signed archive file could not be verified. */
public class SignatureException extends DebianException {
    private static final long serialVersionUID = 1L;

    public SignatureException(String message) {
        super(Kind.ENVIRONMENT, message);
    }

    public SignatureException(String message, Throwable cause) {
        super(Kind.ENVIRONMENT, message, cause);
    }
}
