package dev.bulwark.policy.policy;

import java.util.List;
import java.util.Map;

/**
 * A policy file: settings per built-in rule (rules it does not name keep their default level), custom CEL rules, and
 * exceptions. {@link #defaults()} is the policy without a file.
 */
public record Policy(String source, Map<String, RuleSetting> rules, List<CustomRule> custom, List<Waiver> waivers) {
    public Policy {
        source = source == null ? "built-in defaults" : source;
        rules = Map.copyOf(rules);
        custom = List.copyOf(custom);
        waivers = List.copyOf(waivers);
    }

    public static Policy defaults() {
        return new Policy(null, Map.of(), List.of(), List.of());
    }
}
