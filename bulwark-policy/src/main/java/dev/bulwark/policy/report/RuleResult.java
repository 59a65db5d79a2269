package dev.bulwark.policy.report;

import dev.bulwark.policy.rules.Level;
import dev.bulwark.policy.rules.Violation;
import java.util.List;
import java.util.Objects;

/**
 * How one rule fared on one image. {@code violations} are what fails; {@code waived} what a policy exception
 * covers; {@code note} says why a rule was skipped or could not be evaluated.
 */
public record RuleResult(String id, Level level, Status status, String rationale, String fix,
        List<Violation> violations, List<Violation> waived, String note) {

    public enum Status { PASSED, FAILED, SKIPPED }

    public RuleResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(status, "status");
        rationale = rationale == null ? "" : rationale;
        fix = fix == null ? "" : fix;
        violations = List.copyOf(violations);
        waived = List.copyOf(waived);
        note = note == null ? "" : note;
    }

    /** A failure that fails the gate. */
    public boolean denies() {
        return status == Status.FAILED && level == Level.DENY;
    }
}
