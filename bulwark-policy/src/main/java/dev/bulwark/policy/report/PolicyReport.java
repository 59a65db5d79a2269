package dev.bulwark.policy.report;

import java.util.List;
import java.util.Objects;

/** The outcome of {@code bulwark check} on one image: each rule's result, and which policy was applied. */
public record PolicyReport(String image, String digest, String platform, String policy, List<RuleResult> results) {
    public PolicyReport {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(policy, "policy");
        platform = platform == null ? "" : platform;
        results = List.copyOf(results);
    }

    /** Whether a rule at {@code deny} failed. */
    public boolean failed() {
        return results.stream().anyMatch(RuleResult::denies);
    }

    public List<RuleResult> failures() {
        return results.stream().filter(r -> r.status() == RuleResult.Status.FAILED).toList();
    }
}
