package dev.bulwark.core;

import java.io.IOException;

/**
 * The host's hashing tool (openssl) failed after it was given the bytes: neither a read nor a network error, so a
 * caller reports it as such and does not retry the download it was hashing.
 */
public final class HashToolException extends IOException {
    public HashToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
