package dev.bulwark.catalog.watch;

import dev.bulwark.catalog.plan.Decision;
import dev.bulwark.core.BulwarkException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one watch cycle saw and did: each suite's InRelease (whether it changed since the watcher last saw it), and
 * per image, in the order they were handled, the decision and how it ended ({@code none} for "no rebuild").
 */
public record WatchResult(String runId, List<SuiteSeen> suites, List<Entry> entries, Duration planning) {

    public record SuiteSeen(String suite, String inReleaseSha256, boolean changed) {
    }

    /** {@code outcome}: none, published, unchanged or failed; {@code build}: the new build's number, when one. */
    /**
     * One decision and how it ended; {@code failure}, for a failed rebuild, says whether the environment failed
     * ({@code ENVIRONMENT}: registry, mirror, catalog — worth retrying) or the build or its gate (null otherwise).
     */
    public record Entry(Decision decision, String outcome, Integer build, String message,
            BulwarkException.Kind failure) {
        public Entry {
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(outcome, "outcome");
            message = message == null ? "" : message;
            if (failure != null && !outcome.equals("failed")) {
                throw new IllegalArgumentException("a failure kind only for a failed entry: " + outcome);
            }
        }

        public Entry(Decision decision, String outcome, Integer build, String message) {
            this(decision, outcome, build, message, null);
        }
    }

    public WatchResult {
        suites = List.copyOf(suites);
        entries = List.copyOf(entries);
    }

    public long rebuilt() {
        return entries.stream().filter(e -> e.outcome().equals("published")).count();
    }

    public long failed() {
        return entries.stream().filter(e -> e.outcome().equals("failed")).count();
    }
}
