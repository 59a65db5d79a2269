package dev.bulwark.policy.policy;

import dev.bulwark.policy.rules.Level;
import java.util.Objects;

/**
 * A rule written in CEL: the expression is true when the image complies. {@code file} and {@code line} locate the
 * expression's first line, for compile errors.
 */
public record CustomRule(String id, Level level, String expression, String message, String rationale, String fix,
        String file, int line) {
    public CustomRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(expression, "expression");
        message = message == null ? "the expression is false" : message;
        rationale = rationale == null ? "" : rationale;
        fix = fix == null ? "" : fix;
    }
}
