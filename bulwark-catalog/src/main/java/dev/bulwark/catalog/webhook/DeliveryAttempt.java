package dev.bulwark.catalog.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One POST of one event to one endpoint: when, how long it took, the HTTP status ({@code null} when none came:
 * refused, timed out) and what followed: {@code delivered}, {@code retry} (another attempt is scheduled),
 * {@code failed} (attempts used up) or {@code disabled} (the endpoint answered 410 Gone).
 */
public record DeliveryAttempt(String webhook, String eventId, String eventType, int attempt, Instant at, Duration took,
        Integer status, String outcome, String error) {
    public static final Set<String> OUTCOMES = Set.of("delivered", "retry", "failed", "disabled");

    public DeliveryAttempt {
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts start at 1: " + attempt);
        }
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(took, "took");
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("not an outcome: " + outcome);
        }
    }
}
