package dev.bulwark.catalog.bump;

import java.util.Objects;

/**
 * One pinned reference found in a file: on line {@code line} (from 1), its digest written at character offset
 * {@code digestAt} (the {@code sha256:} prefix and 64 hex digits, the only bytes a bump rewrites); {@code written}
 * is the reference as the file has it and {@code where} the instruction or key it is in ({@code FROM},
 * {@code image}, {@code digest}).
 */
public record Occurrence(int line, int digestAt, PinnedReference reference, String written, String where) {
    /** Length of {@code sha256:} and 64 hex digits. */
    public static final int DIGEST_LENGTH = 71;

    public Occurrence {
        if (line < 1 || digestAt < 0) {
            throw new IllegalArgumentException("not a position in a file: line " + line + ", offset " + digestAt);
        }
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(where, "where");
    }
}
