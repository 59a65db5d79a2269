package dev.bulwark.oci.transport.registry;

import dev.bulwark.oci.OciException;

import java.time.Duration;

/**
 * A registry refused or failed a request. Carries the HTTP status (0 when no response came) and the registry's
 * own error code and message (from the distribution API's {@code errors} body), so callers can tell
 * "unknown repository" from "denied" without parsing text.
 */
public final class RegistryException extends OciException {
    private final int status;
    private final String code;
    private final boolean transientFailure;
    private final Duration retryAfter;

    public RegistryException(Kind kind, String message, int status, String code, boolean transientFailure,
                             Duration retryAfter, Throwable cause) {
        super(kind, message, cause);
        this.status = status;
        this.code = code;
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter;
    }

    /** The wait the registry asked for ({@code Retry-After}), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The HTTP status, or 0 when the failure happened before a response (connection reset, timeout). */
    public int status() {
        return status;
    }

    /** The registry's error code such as {@code NAME_UNKNOWN} or {@code DENIED}; null when it sent none. */
    public String code() {
        return code;
    }

    /** True when trying again later may succeed (network failure, 5xx, 429). */
    public boolean isTransient() {
        return transientFailure;
    }
}
