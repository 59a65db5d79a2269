package dev.bulwark.catalog.webhook;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How hard a delivery is tried: at most {@code maxAttempts} POSTs, each given {@code timeout} to answer; after a
 * failed attempt n the next waits {@code firstDelay·2^(n-1)}, capped at {@code maxDelay}, with jitter: a uniform
 * pick between half that and all of it, so endpoints coming back are not hit by every sender at once.
 */
public record DeliveryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay, Duration timeout) {
    public static final DeliveryPolicy DEFAULT =
            new DeliveryPolicy(8, Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofSeconds(15));

    public DeliveryPolicy {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("attempts are 1 to 100: " + maxAttempts);
        }
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(timeout, "timeout");
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("delays are 0 ≤ first ≤ max and the timeout positive");
        }
    }

    /** How long to wait after failed attempt {@code attempt} (1, 2, …) before the next. */
    public Duration delayAfter(int attempt, RandomGenerator random) {
        long ceiling = firstDelay.toMillis();
        for (int i = 1; i < attempt && ceiling < maxDelay.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxDelay.toMillis());
        long floor = ceiling / 2;
        return Duration.ofMillis(ceiling == floor ? ceiling : floor + random.nextLong(ceiling - floor + 1));
    }
}
