package dev.bulwark.catalog.bump;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the pinned references of a Dockerfile: the image of each {@code FROM [--platform=…] REF [AS NAME]} and
 * each {@code COPY --from=REF} or {@code ADD --from=REF}. Instructions are read as Docker reads them: comment lines
 * and parser directives skipped, a trailing backslash continuing an instruction on the next line (comment lines
 * inside it skipped), and the bodies of here-documents ({@code RUN <<EOF}) skipped whole.
 */
public final class DockerfileReferences {
    private record Token(String text, int at) {
    }

    private DockerfileReferences() {
    }

    public static List<Occurrence> find(String text) throws FileParseException {
        List<Occurrence> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < text.length()) {
            int start = skipBlank(text, pos[0]);
            if (start >= text.length()) {
                break;
            }
            if (text.charAt(start) == '#' || isNewline(text.charAt(start))) {
                pos[0] = nextLine(text, start);
                continue;
            }
            pos[0] = start;
            List<Token> tokens = instruction(text, pos);
            instruction(text, tokens, out);
            for (Token t : tokens) {
                if (t.text().startsWith("<<") && t.text().length() > 2) {
                    pos[0] = skipHeredoc(text, pos[0], t.text());
                }
            }
        }
        return out;
    }

    private static void instruction(String text, List<Token> tokens, List<Occurrence> out) throws FileParseException {
        String word = tokens.get(0).text().toUpperCase(Locale.ROOT);
        int line = Lines.of(text, tokens.get(0).at());
        if (word.equals("FROM")) {
            int i = 1;
            while (i < tokens.size() && tokens.get(i).text().startsWith("--")) {
                i++;
            }
            if (i >= tokens.size()) {
                throw new FileParseException(line, "FROM names no image");
            }
            add(text, tokens.get(i), 0, "FROM", out);
            if (i + 1 < tokens.size() && !(tokens.size() == i + 3 && tokens.get(i + 1).text().equalsIgnoreCase("AS"))) {
                throw new FileParseException(line, "FROM takes one image and an optional AS NAME, not '"
                        + tokens.get(i + 1).text() + "'");
            }
        } else if (word.equals("COPY") || word.equals("ADD")) {
            for (Token t : tokens.subList(1, tokens.size())) {
                if (!t.text().startsWith("--")) {
                    break;
                }
                if (t.text().toLowerCase(Locale.ROOT).startsWith("--from=")) {
                    if (t.text().length() == "--from=".length()) {
                        throw new FileParseException(Lines.of(text, t.at()), word + " --from= names nothing");
                    }
                    add(text, t, "--from=".length(), word + " --from", out);
                }
            }
        }
    }

    private static void add(String text, Token t, int skip, String where, List<Occurrence> out) {
        String value = t.text().substring(skip);
        Optional<PinnedReference> ref = PinnedReference.parse(value);
        if (ref.isPresent()) {
            int at = t.at() + skip + value.indexOf('@') + 1;
            out.add(new Occurrence(Lines.of(text, at), at, ref.get(), value, where));
        }
    }

    /** The tokens of the instruction at {@code pos[0]}, following continuations; leaves pos after its last line. */
    private static List<Token> instruction(String text, int[] pos) {
        List<Token> tokens = new ArrayList<>();
        int p = pos[0];
        while (p < text.length()) {
            p = skipBlank(text, p);
            if (p >= text.length()) {
                break;
            }
            int continued = continuation(text, p);
            if (continued >= 0) {
                p = continued;
                for (int q = skipBlank(text, p); q < text.length() && text.charAt(q) == '#'; q = skipBlank(text, p)) {
                    p = nextLine(text, q);
                }
                continue;
            }
            if (isNewline(text.charAt(p))) {
                p = nextLine(text, p);
                break;
            }
            int start = p;
            while (p < text.length() && !Character.isWhitespace(text.charAt(p)) && continuation(text, p) < 0) {
                p++;
            }
            tokens.add(new Token(text.substring(start, p), start));
        }
        pos[0] = p;
        return tokens;
    }

    /** When a backslash at {@code p} ends its line (blanks may follow), where the next line starts; else -1. */
    private static int continuation(String text, int p) {
        if (text.charAt(p) != '\\') {
            return -1;
        }
        int q = skipBlank(text, p + 1);
        if (q >= text.length()) {
            return q;
        }
        return isNewline(text.charAt(q)) ? nextLine(text, q) : -1;
    }

    /** After a here-document's body: the line that is its delimiter ({@code <<-} allows leading tabs). */
    private static int skipHeredoc(String text, int p, String marker) {
        boolean tabs = marker.startsWith("<<-");
        String word = marker.substring(tabs ? 3 : 2).replace("\"", "").replace("'", "");
        while (p < text.length()) {
            int end = lineEnd(text, p);
            String line = text.substring(p, end);
            p = nextLine(text, p);
            if ((tabs ? line.replaceFirst("^\t+", "") : line).equals(word)) {
                break;
            }
        }
        return p;
    }

    private static int skipBlank(String text, int p) {
        while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
            p++;
        }
        return p;
    }

    private static boolean isNewline(char c) {
        return c == '\n' || c == '\r';
    }

    private static int lineEnd(String text, int p) {
        while (p < text.length() && !isNewline(text.charAt(p))) {
            p++;
        }
        return p;
    }

    private static int nextLine(String text, int p) {
        p = lineEnd(text, p);
        if (p < text.length() && text.charAt(p) == '\r') {
            p++;
        }
        if (p < text.length() && text.charAt(p) == '\n') {
            p++;
        }
        return p;
    }
}
