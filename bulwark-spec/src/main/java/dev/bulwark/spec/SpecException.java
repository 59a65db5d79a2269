package dev.bulwark.spec;

import dev.bulwark.core.BulwarkException;

import java.nio.file.Path;

/**
 * A spec that cannot be read: bad YAML, an unknown field, a wrong type, an invalid value. It names where the problem
 * is, so the message reads {@code cannot read spec examples/x.yaml:12:3: field 'archs[1]': unknown architecture ...}.
 * Line and column are 1-based; both are 0 when the problem has no position (an unreadable file, a value parsed alone).
 */
public class SpecException extends BulwarkException {
    private final Path file;
    private final int line;
    private final int column;
    private final String field;
    private final String problem;

    /** A problem at a position of a spec file; {@code field} is the dotted field path, or null for the whole spec. */
    public SpecException(Path file, int line, int column, String field, String problem) {
        this(file, line, column, field, problem, null);
    }

    public SpecException(Path file, int line, int column, String field, String problem, Throwable cause) {
        super(Kind.BAD_INPUT, message(file, line, column, field, problem), cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
        this.problem = problem;
    }

    /** A problem with a value parsed on its own (no file), such as {@link PackageRequest#parse(String)}. */
    public SpecException(String message, String problem) {
        super(Kind.BAD_INPUT, message);
        this.file = null;
        this.line = 0;
        this.column = 0;
        this.field = null;
        this.problem = problem;
    }

    private static String message(Path file, int line, int column, String field, String problem) {
        StringBuilder out = new StringBuilder("cannot read spec ").append(file == null ? "<string>" : file);
        if (line > 0) {
            out.append(':').append(line).append(':').append(column);
        }
        out.append(": ");
        if (field != null && !field.isEmpty()) {
            out.append("field '").append(field).append("': ");
        }
        return out.append(problem).toString();
    }

    /** The spec file, or null when the spec was not read from a file. */
    public Path file() {
        return file;
    }

    /** 1-based line of the problem, 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem, 0 when unknown. */
    public int column() {
        return column;
    }

    /** Field path such as {@code accounts.users[0].uid}; null when the problem concerns the whole spec. */
    public String field() {
        return field;
    }

    /** The problem alone, without the location prefix. */
    public String problem() {
        return problem;
    }
}
