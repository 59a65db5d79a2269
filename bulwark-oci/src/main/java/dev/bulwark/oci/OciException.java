package dev.bulwark.oci;

import dev.bulwark.core.BulwarkException;

/** Base of every failure the OCI module reports: reading, writing or validating images. */
public class OciException extends BulwarkException {

    public OciException(Kind kind, String message) {
        super(kind, message);
    }

    public OciException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
