package dev.bulwark.catalog.bump;

/** A file whose pinned references cannot be located: what is wrong and on which line (from 1). */
public final class FileParseException extends Exception {
    private final int line;

    public FileParseException(int line, String message) {
        super(message);
        this.line = line;
    }

    public FileParseException(int line, String message, Throwable cause) {
        super(message, cause);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
