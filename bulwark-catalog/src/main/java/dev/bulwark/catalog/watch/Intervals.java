package dev.bulwark.catalog.watch;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.core.BulwarkException.Kind;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as a user writes them: {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, or ISO 8601 ({@code PT1H}). */
public final class Intervals {
    private Intervals() {
    }

    public static Duration parse(String text, String what) throws CatalogException {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.startsWith("p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (t.matches("\\d+(\\.\\d+)?[smhd]")) {
                double n = Double.parseDouble(t.substring(0, t.length() - 1));
                long unit = switch (t.charAt(t.length() - 1)) {
                    case 's' -> 1_000L;
                    case 'm' -> 60_000L;
                    case 'h' -> 3_600_000L;
                    default -> 86_400_000L;
                };
                d = Duration.ofMillis(Math.round(n * unit));
            } else {
                throw new DateTimeParseException("not a duration", t, 0);
            }
            if (d.isNegative() || d.isZero()) {
                throw new DateTimeParseException("not positive", t, 0);
            }
            return d;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new CatalogException(Kind.BAD_INPUT, "cannot use " + what + " '" + text + "': give a positive duration "
                    + "such as 90s, 30m, 24h, 7d or PT1H");
        }
    }

    /** {@code 2.5 h}, {@code 40 min}, {@code 12 s}: short and readable, for reports. */
    public static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }
}
