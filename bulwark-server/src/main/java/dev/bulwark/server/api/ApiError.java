package dev.bulwark.server.api;

import java.util.Map;

/**
 * An answer other than success: the HTTP status and a message for the client, sent as
 * {@code {"error": MESSAGE, "status": STATUS}} with any extra headers (WWW-Authenticate, Retry-After).
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, String> headers;

    ApiError(int status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx: " + status);
        }
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    ApiError(int status, String message) {
        this(status, message, Map.of());
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    /** The catalog database cannot be used right now; the client may retry. */
    static ApiError unavailable() {
        return new ApiError(503, "the catalog database is unavailable; try again later (the server's log says why)",
                Map.of("Retry-After", "5"));
    }
}
