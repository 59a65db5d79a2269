package dev.bulwark.policy.policy;

import dev.bulwark.policy.rules.Globs;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A policy exception: violations of {@code rule} whose subject matches {@code subject} (a glob; {@code **} for all)
 * are waived with a reason until {@code expires} (inclusive). Past that date the exception itself fails the gate.
 */
public record Waiver(String rule, String subject, String reason, LocalDate expires, String where) {
    public Waiver {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expires, "expires");
        subject = subject == null ? "**" : subject;
        where = where == null ? "" : where;
        if (reason.isBlank()) {
            throw new IllegalArgumentException("an exception needs a reason");
        }
    }

    public boolean covers(String ruleId, String violationSubject) {
        return rule.equals(ruleId) && Globs.matches(subject, violationSubject);
    }

    public boolean expired(LocalDate today) {
        return today.isAfter(expires);
    }
}
