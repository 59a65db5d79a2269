package dev.bulwark.catalog.worker;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One rebuild request as the workers see it: what was asked (image, reason, who, from where), its state
 * ({@code queued | running | done | failed}), when it ran and on which worker, how many attempts it took (a worker
 * killed mid-build leaves its attempt to another), and how it ended: {@code outcome} published, unchanged or failed,
 * the build it recorded ({@code build}, a build number), a sentence, and its progress lines.
 */
public record RebuildJob(long id, String image, String reason, String requestedBy, String source, Instant requestedAt,
        String state, Instant startedAt, Instant finishedAt, String worker, int attempts, String outcome, Integer build,
        String message, List<String> log) {

    public RebuildJob {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(state, "state");
        if (id <= 0) {
            throw new IllegalArgumentException("rebuild request id must be positive: " + id);
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts cannot be negative: " + attempts);
        }
        log = List.copyOf(log);
    }

    /** Queued or running: a new request for the image is merged into this one. */
    public boolean open() {
        return state.equals("queued") || state.equals("running");
    }

    RebuildJob withLog(List<String> lines) {
        return new RebuildJob(id, image, reason, requestedBy, source, requestedAt, state, startedAt, finishedAt, worker,
                attempts, outcome, build, message, lines);
    }
}
