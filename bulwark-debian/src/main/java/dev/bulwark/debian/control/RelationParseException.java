package dev.bulwark.debian.control;

/** A relation field (Depends, Provides, Breaks, …) that does not follow Debian policy 7.1. */
public class RelationParseException extends ControlParseException {

    public RelationParseException(String sourceName, int line, String why) {
        super(sourceName, line, why);
    }

    public RelationParseException(String sourceName, int line, String why, Throwable cause) {
        super(sourceName, line, why, cause);
    }
}
