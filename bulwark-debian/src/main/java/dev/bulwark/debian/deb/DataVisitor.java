package dev.bulwark.debian.deb;

import java.io.IOException;
import java.io.InputStream;

/** Receives the entries of a package's data member in archive order. */
@FunctionalInterface
public interface DataVisitor {

    /**
     * One entry. {@code content} yields exactly {@code entry.size()} bytes for a {@link DataEntry.Type#FILE} and
     * nothing otherwise; it is valid only during this call, and unread bytes are skipped afterwards.
     */
    void visit(DataEntry entry, InputStream content) throws IOException, DebException;
}
