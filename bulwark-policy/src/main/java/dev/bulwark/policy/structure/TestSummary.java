package dev.bulwark.policy.structure;

import java.util.List;
import java.util.Objects;

/** All results of one run over one image: start and stop in epoch milliseconds, total duration in nanoseconds. */
public record TestSummary(String image, List<TestResult> results, long startMillis, long stopMillis, long durationNanos) {
    public TestSummary {
        Objects.requireNonNull(image, "image");
        results = List.copyOf(results);
    }

    public long passed() {
        return results.stream().filter(TestResult::pass).count();
    }

    public long failed() {
        return results.size() - passed();
    }
}
