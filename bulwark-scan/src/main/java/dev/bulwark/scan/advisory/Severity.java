package dev.bulwark.scan.advisory;

import java.util.Locale;

/** How bad a finding is, lowest first; Debian's urgency mapped onto the scale scanners share. */
public enum Severity {
    UNKNOWN, NEGLIGIBLE, LOW, MEDIUM, HIGH, CRITICAL;

    /**
     * Debian's urgency: {@code unimportant} and {@code end-of-life} are negligible; {@code low}, {@code medium},
     * {@code high} keep their meaning (a trailing {@code *} or {@code **} marks a guess and is ignored);
     * {@code not yet assigned} or nothing is unknown. A changelog entry's upload urgency ({@code low}, {@code medium},
     * {@code high}, {@code emergency}, {@code critical}) maps the same way, {@code emergency} to critical.
     */
    public static Severity fromUrgency(String urgency) {
        if (urgency == null) {
            return UNKNOWN;
        }
        String u = urgency.strip();
        int end = u.length();
        while (end > 0 && u.charAt(end - 1) == '*') {   // the tracker's "high**" marks; by hand: a regex per advisory
            end--;                                         // compiled a pattern each time, 3 ms of a warm scan
        }
        u = u.substring(0, end).toLowerCase(Locale.ROOT);
        return switch (u) {
            case "unimportant", "end-of-life" -> NEGLIGIBLE;
            case "low" -> LOW;
            case "medium" -> MEDIUM;
            case "high" -> HIGH;
            case "critical", "emergency" -> CRITICAL;
            default -> UNKNOWN;
        };
    }

    /** Parses a user's threshold word ("high"); fails naming the choices. */
    public static Severity parse(String word) {
        try {
            return valueOf(word.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown severity '" + word + "' (expected low, medium, high or critical)", e);
        }
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
