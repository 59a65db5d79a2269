package dev.bulwark.debian.control;

import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.util.ArrayList;
import java.util.List;

/** A one-pass scanner over one relation field value; it reports errors at the line where they occur. */
final class RelationScanner {

    private final String text;
    private final String sourceName;
    private final int firstLine;
    private final boolean provides;
    private int pos;
    private int itemStart;

    RelationScanner(String text, String sourceName, int firstLine, boolean provides) {
        this.text = text;
        this.sourceName = sourceName;
        this.firstLine = firstLine;
        this.provides = provides;
    }

    List<Alternatives> alternatives() throws RelationParseException {
        List<Alternatives> result = new ArrayList<>();
        while (true) {
            skipSpace();
            if (atEnd()) {
                return result;
            }
            if (peek() == ',') {
                pos++;
                continue;
            }
            itemStart = pos;
            List<Relation> options = new ArrayList<>();
            options.add(relation());
            while (peek() == '|') {
                if (provides) {
                    throw error("alternatives ('|') are not allowed in Provides");
                }
                pos++;
                options.add(relation());
            }
            result.add(new Alternatives(options));
            if (!atEnd() && peek() != ',') {
                throw error("expected ',' or '|' but found '" + peek() + "'");
            }
        }
    }

    /** One relation plus its trailing space, architecture list and build profiles. */
    private Relation relation() throws RelationParseException {
        skipSpace();
        String name = take(Relations::isNameChar);
        if (name.isEmpty()) {
            throw error(atEnd() ? "missing package name at the end" : "missing package name before '" + peek() + "'");
        }
        String problem = Relations.nameProblem(name);
        if (problem != null) {
            throw error(problem);
        }
        String arch = null;
        if (peek() == ':') {
            pos++;
            arch = take(Relations::isArchChar);
            if (arch.isEmpty()) {
                throw error("missing architecture after '" + name + ":'");
            }
        }
        skipSpace();
        RelationOp op = null;
        DebianVersion version = null;
        if (peek() == '(') {
            pos++;
            op = operator();
            version = version(op);
        }
        skipRestrictions();
        return new Relation(name, arch, op, version);
    }

    private RelationOp operator() throws RelationParseException {
        skipSpace();
        String symbol = take(c -> c == '<' || c == '>' || c == '=');
        if (symbol.isEmpty()) {
            throw error("missing operator after '('");
        }
        RelationOp op = RelationOp.ofSymbol(symbol)
                .orElseThrow(() -> error("unknown operator \"" + symbol + "\""));
        if (provides && op != RelationOp.EQ) {
            throw error("Provides allows only '=' versions, not \"" + symbol + "\"");
        }
        return op;
    }

    private DebianVersion version(RelationOp op) throws RelationParseException {
        skipSpace();
        String text = take(c -> c > ' ' && c != ')' && c != '(' && c != ',' && c != '|');
        if (text.isEmpty()) {
            throw error("missing version after \"" + op.symbol() + "\"");
        }
        skipSpace();
        if (peek() != ')') {
            throw error("missing ')' after version \"" + text + "\"");
        }
        pos++;
        try {
            return DebianVersion.parse(text);
        } catch (VersionParseException e) {
            throw new RelationParseException(sourceName, line(), e.getMessage() + " in \"" + item() + "\"", e);
        }
    }

    /** Skips {@code [arch …]} lists and {@code <profile …>} groups, which only matter for source packages. */
    private void skipRestrictions() throws RelationParseException {
        skipSpace();
        while (peek() == '[' || peek() == '<') {
            char close = peek() == '[' ? ']' : '>';
            int end = text.indexOf(close, pos);
            int comma = text.indexOf(',', pos);
            if (end < 0 || (comma >= 0 && comma < end)) {
                throw error("missing '" + close + "' after '" + peek() + "'");
            }
            pos = end + 1;
            skipSpace();
        }
    }

    private interface CharTest {
        boolean test(char c);
    }

    private String take(CharTest test) {
        int start = pos;
        while (!atEnd() && test.test(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    /** The current character, or NUL at the end. */
    private char peek() {
        return atEnd() ? 0 : text.charAt(pos);
    }

    private int line() {
        int line = firstLine;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The entry being parsed, from its start to the next comma, for error messages. */
    private String item() {
        int end = text.indexOf(',', Math.max(pos, itemStart));
        String item = text.substring(itemStart, end < 0 ? text.length() : end).strip().replace('\n', ' ');
        return item.length() <= 80 ? item : item.substring(0, 77) + "...";
    }

    private RelationParseException error(String why) {
        return new RelationParseException(sourceName, line(), why + " in \"" + item() + "\"");
    }
}
