package dev.bulwark.catalog.webhook;

import java.util.List;

/**
 * What one {@code deliver} run did: its attempts in order, and how many deliveries ended delivered, failed or
 * cancelled by a disabled endpoint, and how many are still pending (a retry scheduled past the run).
 */
public record DeliveryReport(List<DeliveryAttempt> attempts, int delivered, int failed, int disabled, int pending) {
    public DeliveryReport {
        attempts = List.copyOf(attempts);
    }

    /** True when nothing failed and nothing is left pending. */
    public boolean allDelivered() {
        return failed == 0 && disabled == 0 && pending == 0;
    }
}
