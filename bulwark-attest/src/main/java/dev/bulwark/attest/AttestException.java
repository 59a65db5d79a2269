package dev.bulwark.attest;

import dev.bulwark.core.BulwarkException;

/**
 * Base of every failure the attest module reports: reading keys, making or verifying signatures and attestations,
 * writing SBOMs and provenance. A signature that does not verify is {@link Kind#CHECK_FAILED}.
 */
public class AttestException extends BulwarkException {

    public AttestException(Kind kind, String message) {
        super(kind, message);
    }

    public AttestException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
