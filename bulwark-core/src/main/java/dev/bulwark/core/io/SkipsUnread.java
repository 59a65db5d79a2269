package dev.bulwark.core.io;

import java.io.IOException;

/**
 * A stream whose bytes nothing underneath checks — a replay of bytes this process wrote and hashed itself — so a
 * reader dropping some may jump over them instead of reading them ({@link BoundedInputStream#skipRest} does). Streams
 * over downloaded or stored bytes never implement it: their every byte goes through a digest check.
 */
public interface SkipsUnread {

    /** Drops up to {@code n} bytes and says how many: fewer only where the stream ends. */
    long skipUpTo(long n) throws IOException;
}
