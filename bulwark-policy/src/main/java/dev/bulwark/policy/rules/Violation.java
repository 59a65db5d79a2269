package dev.bulwark.policy.rules;

import java.util.Objects;

/**
 * One thing a rule found wrong: the {@code subject} (a path, a package, an environment variable, a label, or
 * {@code "image"}) that policy exceptions match on, and a one-line message.
 */
public record Violation(String subject, String message) {
    public Violation {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }
}
