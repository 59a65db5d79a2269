package dev.bulwark.debian.control;

import java.util.List;
import java.util.Optional;

/** Parsing of relation fields (policy 7.1): Depends, Pre-Depends, Recommends, Suggests, Breaks, Conflicts, Provides. */
public final class Relations {

    /** Source name in errors when the caller did not say where the text came from. */
    static final String UNNAMED = "relation field";

    private Relations() {
    }

    /**
     * Parses a field such as {@code libc6 (>= 2.36), debconf | debconf-2.0}. Architecture lists {@code [amd64]} and
     * build profiles {@code <!nocheck>} are skipped; empty entries are ignored; blank text gives an empty list.
     */
    public static List<Alternatives> parse(String fieldValue) throws RelationParseException {
        return parse(fieldValue, UNNAMED, 1);
    }

    /** As {@link #parse(String)}, with errors located at {@code sourceName} from {@code line} on. */
    public static List<Alternatives> parse(String fieldValue, String sourceName, int line)
            throws RelationParseException {
        return new RelationScanner(fieldValue, sourceName, line, false).alternatives();
    }

    /** The named relation field of a stanza, or an empty list when the stanza has no such field. */
    public static List<Alternatives> parse(Paragraph paragraph, String fieldName) throws RelationParseException {
        Optional<Paragraph.Field> field = paragraph.field(fieldName);
        if (field.isEmpty()) {
            return List.of();
        }
        return parse(field.get().value(), paragraph.source(), Math.max(1, field.get().line()));
    }

    /** Parses a Provides field: no alternatives, and only {@code =} versions. */
    public static List<Relation> parseProvides(String fieldValue) throws RelationParseException {
        return parseProvides(fieldValue, UNNAMED, 1);
    }

    /** As {@link #parseProvides(String)}, with errors located at {@code sourceName} from {@code line} on. */
    public static List<Relation> parseProvides(String fieldValue, String sourceName, int line)
            throws RelationParseException {
        return new RelationScanner(fieldValue, sourceName, line, true).alternatives().stream()
                .map(a -> a.options().get(0))
                .toList();
    }

    /** Why {@code name} is not a package name as dpkg accepts it, or null when it is one. */
    static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "package name is empty";
        }
        if (!isAlnum(name.charAt(0))) {
            return "package name \"" + name + "\" does not start with a letter or digit";
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                return "package name \"" + name + "\" contains '" + name.charAt(i) + "'";
            }
        }
        return null;
    }

    /** Why {@code arch} is not an architecture qualifier, or null when it is one. */
    static String archProblem(String arch) {
        if (arch.isEmpty()) {
            return "architecture qualifier is empty";
        }
        for (int i = 0; i < arch.length(); i++) {
            if (!isArchChar(arch.charAt(i))) {
                return "architecture qualifier \"" + arch + "\" contains '" + arch.charAt(i) + "'";
            }
        }
        return null;
    }

    static boolean isNameChar(char c) {
        return isAlnum(c) || c == '+' || c == '-' || c == '.' || c == '_';
    }

    static boolean isArchChar(char c) {
        return isAlnum(c) || c == '-';
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
