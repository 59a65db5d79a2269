package dev.bulwark.debian.control;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One deb822 stanza: its fields in source order, the 1-based line where it starts, and the name of its source
 * (used in error messages). Field names are unique ignoring case.
 */
public record Paragraph(List<Field> fields, int line, String source) {

    /** Source name of paragraphs built in code rather than read from a file. */
    public static final String NO_SOURCE = "<memory>";

    /**
     * One field. A multi-line value keeps its continuation lines joined with {@code '\n'}, each without the one
     * leading space, and {@code " ."} lines as empty lines; a value whose first line is empty (as in
     * {@code Checksums-Sha256:}) therefore starts with {@code '\n'}. {@code line} is 1-based, 0 when built in code.
     */
    public record Field(String name, String value, int line) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            String problem = nameProblem(name);
            if (problem != null) {
                throw new IllegalArgumentException("cannot create field \"" + name + "\": " + problem);
            }
            if (line < 0) {
                throw new IllegalArgumentException("cannot create field " + name + ": line " + line + " is negative");
            }
        }

        /** A field built in code. */
        public Field(String name, String value) {
            this(name, value, 0);
        }

        /** Why {@code name} is not a deb822 field name, or null when it is one. */
        static String nameProblem(String name) {
            if (name.isEmpty()) {
                return "field name is empty";
            }
            if (name.charAt(0) == '#' || name.charAt(0) == '-') {
                return "field name starts with '" + name.charAt(0) + "'";
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= ' ' || c >= 0x7f || c == ':') {
                    return "field name \"" + name + "\" contains " + (c == ':' ? "':'" : "character U+"
                            + String.format(Locale.ROOT, "%04X", (int) c));
                }
            }
            return null;
        }
    }

    public Paragraph {
        fields = List.copyOf(fields);
        Objects.requireNonNull(source, "source");
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("cannot create paragraph at " + source + ":" + line + ": no fields");
        }
        if (line < 0) {
            throw new IllegalArgumentException("cannot create paragraph: line " + line + " is negative");
        }
        Set<String> seen = new HashSet<>();
        for (Field f : fields) {
            if (!seen.add(f.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("cannot create paragraph at " + source + ":" + line
                        + ": duplicate field " + f.name());
            }
        }
    }

    /** A paragraph built in code, or one whose source does not matter. */
    public Paragraph(List<Field> fields, int line) {
        this(fields, line, NO_SOURCE);
    }

    /** The field's value, looked up ignoring case. */
    public Optional<String> get(String name) {
        return field(name).map(Field::value);
    }

    /** The field, looked up ignoring case. */
    public Optional<Field> field(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The field's value; fails naming this paragraph's source and line when the field is absent. */
    public String require(String name) throws ControlParseException {
        return get(name).orElseThrow(
                () -> new ControlParseException(source, line, "stanza has no " + name + " field"));
    }

    /** The stanza as deb822 text, each line ending in {@code '\n'}; {@link Deb822Reader} reads it back equal. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (Field f : fields) {
            String[] lines = f.value().split("\n", -1);
            out.append(f.name()).append(':');
            if (!lines[0].isEmpty()) {
                out.append(' ').append(lines[0]);
            }
            out.append('\n');
            for (int i = 1; i < lines.length; i++) {
                out.append(' ').append(lines[i].isEmpty() ? "." : lines[i]).append('\n');
            }
        }
        return out.toString();
    }
}
