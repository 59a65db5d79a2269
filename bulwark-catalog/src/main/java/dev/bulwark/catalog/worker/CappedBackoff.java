package dev.bulwark.catalog.worker;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import java.time.Duration;

/**
 * When a failed rebuild job runs again: {@code first} after its first failure, {@code factor} times longer after
 * each further one, but never later than {@code max} — a registry down for a day is tried again every {@code max},
 * not once a week.
 */
final class CappedBackoff<T> implements FailureHandler<T> {
    private final Duration first;
    private final double factor;
    private final Duration max;

    CappedBackoff(Duration first, double factor, Duration max) {
        if (first.isNegative() || first.isZero() || factor < 1.0 || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs first > 0, factor >= 1, max >= first: " + first + ", "
                    + factor + ", " + max);
        }
        this.first = first;
        this.factor = factor;
        this.max = max;
    }

    /** The wait after a failure that follows {@code failuresBefore} consecutive ones. */
    Duration delay(int failuresBefore) {
        double millis = first.toMillis() * Math.pow(factor, Math.max(0, failuresBefore));
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }

    @Override
    public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
        operations.reschedule(complete, complete.getTimeDone().plus(delay(complete.getExecution().consecutiveFailures)));
    }
}
