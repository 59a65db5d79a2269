package dev.bulwark.debian.control;

import dev.bulwark.debian.DebianException;

/** Control-file text (deb822 stanzas, relation fields, Source fields) that cannot be parsed, located "source:line". */
public class ControlParseException extends DebianException {

    private final String sourceName;
    private final int line;

    public ControlParseException(String sourceName, int line, String why) {
        super(Kind.BAD_INPUT, message(sourceName, line, why));
        this.sourceName = sourceName;
        this.line = line;
    }

    public ControlParseException(String sourceName, int line, String why, Throwable cause) {
        super(Kind.BAD_INPUT, message(sourceName, line, why), cause);
        this.sourceName = sourceName;
        this.line = line;
    }

    private static String message(String sourceName, int line, String why) {
        return "cannot parse " + sourceName + ":" + line + ": " + why;
    }

    /** The file, URL or other name the text came from. */
    public String sourceName() {
        return sourceName;
    }

    /** 1-based line of the problem in {@link #sourceName()}. */
    public int line() {
        return line;
    }
}
