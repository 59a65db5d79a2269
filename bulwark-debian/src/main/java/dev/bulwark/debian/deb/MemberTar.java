package dev.bulwark.debian.deb;

import dev.bulwark.core.tar.TarException;
import dev.bulwark.core.tar.TarHeader;
import dev.bulwark.core.tar.TarReader;

import java.io.IOException;
import java.io.InputStream;

/**
 * A tar member of a {@code .deb} ({@code control.tar}, {@code data.tar}) read by the core {@link TarReader}, with
 * every format error named by package and member: {@code "cannot read x.deb: data.tar entry ./a: bad size field"}.
 * A stream that ends early raises {@link MemberReadException}, which the caller names with the entry it was reading.
 */
final class MemberTar {
    private final TarReader reader;
    private final String label;
    private final String member;
    private TarHeader entry;

    MemberTar(InputStream in, String label, String member) {
        this.reader = new TarReader(in, why -> new MemberReadException(why, null));
        this.label = label;
        this.member = member;
    }

    /** Moves to the next entry, skipping what is left of the current one; false at the end of the archive. */
    boolean next() throws IOException, DebException {
        try {
            entry = reader.next();
            return entry != null;
        } catch (TarException e) {
            throw error(e);
        }
    }

    /** After {@link #next()} returned false: reads the rest of the stream, so that compressed data is verified. */
    void finish() throws IOException, DebException {
        try {
            reader.finish();
        } catch (TarException e) {
            throw error(e);
        }
    }

    /** The current entry's name as stored ("./usr/bin/x"), or null between entries and at the end. */
    String name() {
        return entry == null ? null : entry.name();
    }

    /** The current entry, after {@link #next()} returned true. */
    TarHeader entry() {
        return entry;
    }

    /** The current entry's content: exactly its size in bytes, until the next call to {@link #next()}. */
    InputStream content() {
        return reader.content();
    }

    DebException error(String why) {
        return new DebException(label, member + ": " + why);
    }

    private DebException error(TarException e) {
        String where = e.entry() == null ? member : member + " entry " + e.entry();
        return new DebException(label, where + ": " + e.why(), e);
    }
}
