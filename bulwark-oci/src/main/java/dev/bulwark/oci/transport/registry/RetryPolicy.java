package dev.bulwark.oci.transport.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how long to wait before trying a transient failure again: exponential backoff from
 * {@code initialBackoff}, doubling up to {@code maxBackoff}; a server's {@code Retry-After} is honoured up to
 * {@code maxRetryAfter}. {@code attempts} counts the first try.
 */
public record RetryPolicy(int attempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
    }

    /** Five tries over about 15 seconds; a Retry-After of up to a minute is honoured. */
    public static RetryPolicy standard() {
        return new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));
    }

    /** One try, no waiting. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** The wait before try number {@code attempt + 1} (attempt counts from 1). */
    public Duration backoff(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        }
        long ms = initialBackoff.toMillis() << Math.min(20, attempt - 1);
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
