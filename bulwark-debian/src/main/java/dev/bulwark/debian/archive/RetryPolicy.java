package dev.bulwark.debian.archive;

import java.time.Duration;

/** How often and how patiently transient transport failures (connection errors, 5xx, 429) are retried. */
public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
    }

    public static RetryPolicy standard() {
        return new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8));
    }

    /** Delay before attempt {@code n} (1-based; attempt 1 has none). */
    public Duration delayBefore(int n) {
        if (n <= 1) {
            return Duration.ZERO;
        }
        long millis = firstDelay.toMillis() << Math.min(n - 2, 16);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }
}
