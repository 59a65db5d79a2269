package dev.bulwark.server.rebuild;

import dev.bulwark.catalog.worker.RebuildJob;
import java.time.Instant;
import java.util.Objects;

/**
 * A request to rebuild an image, as the workers record it, and whether this caller's request was merged into one
 * already queued or running for the image (then {@link #job} is that one).
 */
public record RebuildRequest(RebuildJob job, boolean merged) {
    public RebuildRequest {
        Objects.requireNonNull(job, "job");
    }

    public long id() {
        return job.id();
    }

    public String image() {
        return job.image();
    }

    public String reason() {
        return job.reason();
    }

    public String requestedBy() {
        return job.requestedBy();
    }

    public Instant requestedAt() {
        return job.requestedAt();
    }

    /** queued | running | done | failed */
    public String state() {
        return job.state();
    }
}
