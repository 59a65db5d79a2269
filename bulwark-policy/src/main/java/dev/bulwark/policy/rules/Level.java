package dev.bulwark.policy.rules;

import java.util.Locale;

/** What a failing rule does: {@code deny} fails the gate, {@code warn} reports, {@code off} skips the rule. */
public enum Level {
    DENY, WARN, OFF;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "deny", "warn" or "off"; null when the word is none of them. */
    public static Level parse(String word) {
        for (Level l : values()) {
            if (l.word().equals(word)) {
                return l;
            }
        }
        return null;
    }
}
