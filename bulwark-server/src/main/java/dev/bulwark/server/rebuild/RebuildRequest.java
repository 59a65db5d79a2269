package dev.bulwark.server.rebuild;

import java.time.Instant;
import java.util.Objects;

/** A request to rebuild an image now, as recorded for the workers. */
public record RebuildRequest(long id, String image, String reason, String requestedBy, Instant requestedAt,
                             String state) {
    public RebuildRequest {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(state, "state");
        if (id <= 0) {
            throw new IllegalArgumentException("rebuild request id must be positive: " + id);
        }
    }
}
