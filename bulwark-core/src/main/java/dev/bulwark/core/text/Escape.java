package dev.bulwark.core.text;

/**
 * Makes text read from images, archives and specs safe to print on a terminal: control characters (C0, DEL, C1)
 * and bidirectional overrides become visible escapes ({@code \n}, {@code \t}, {@code \x1b}, {@code \u202e}), so
 * a package field or file name cannot move the cursor, recolour the screen, forge lines or reorder what follows.
 * JSON output needs no extra step: its writer escapes control characters already.
 *
 * <p>The rule for error messages: an error message is one line. The CLI prints every error message (and every
 * message in a {@code --debug} stack trace) through {@link #text}, so a message may carry raw text from an image
 * and still cannot forge a second line; code that builds a message from image text may escape it there as well
 * (escaping is idempotent: its output holds no character it would escape again). {@link #lines} is only for
 * multi-line fields printed as such, never for messages.
 */
public final class Escape {
    private Escape() {
    }

    /** {@code s} on one line with every control character escaped; null stays null. */
    public static String text(String s) {
        return escape(s, false);
    }

    /** Like {@link #text} but keeps line feeds (for multi-line fields such as a package description). */
    public static String lines(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean keepNewlines) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !unsafe(s.charAt(i), keepNewlines)) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!unsafe(c, keepNewlines)) {
                b.append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c < 0x100) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    private static boolean unsafe(char c, boolean keepNewlines) {
        if (c == '\n') {
            return !keepNewlines;
        }
        return c < 0x20 || c >= 0x7f && c <= 0x9f
                || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || c == 0x200e || c == 0x200f
                || c == 0x061c || c == 0xfeff;
    }
}
