package dev.bulwark.debian.deb;

import java.io.IOException;

/**
 * The bytes of a member could not be read: truncated or corrupt compressed data. It is an {@link IOException} so it
 * can travel through a visitor's reads of entry content; {@link DebFile} turns it into a {@link DebException} naming
 * the entry, while a visitor's own I/O failures (a full disk) pass through unchanged.
 */
final class MemberReadException extends IOException {

    MemberReadException(String why, Throwable cause) {
        super(why, cause);
    }
}
