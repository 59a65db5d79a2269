package dev.bulwark.catalog.bump;

/** Line numbers of character offsets in a text whose lines end with LF, CRLF or a lone CR. */
final class Lines {
    private Lines() {
    }

    /** The line (from 1) holding character {@code offset} of {@code text}. */
    static int of(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                line++;
            }
        }
        return line;
    }
}
