package dev.bulwark.debian.archive;

import dev.bulwark.debian.DebianException;

/** A Debian archive could not be reached, or served something that failed verification. */
public class ArchiveException extends DebianException {

    public ArchiveException(Kind kind, String message) {
        super(kind, message);
    }

    public ArchiveException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
