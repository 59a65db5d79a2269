package dev.bulwark.policy.policy;

import dev.bulwark.policy.rules.Level;
import dev.bulwark.policy.rules.Params;
import java.util.Objects;

/** How a policy sets one built-in rule: its level and parameters. */
public record RuleSetting(Level level, Params params) {
    public RuleSetting {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(params, "params");
    }
}
