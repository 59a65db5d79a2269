package dev.bulwark.catalog.bump;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Bump the pinned references of {@code files} to the newest releases {@code source} knows; {@code mode} says how.
 * {@code check}, when not null, must pass for each new digest before its reference moves (else the file is refused
 * and left as it is); null takes the source at its word.
 */
public record BumpRequest(List<Path> files, ReleaseSource source, Mode mode, ReleaseCheck check) {
    /** WRITE rewrites the files; CHECK and DRY_RUN change nothing (DRY_RUN also makes a diff of each file). */
    public enum Mode { WRITE, CHECK, DRY_RUN }

    public BumpRequest {
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a bump needs at least one file");
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mode, "mode");
    }

    /** A bump that takes the source at its word. */
    public BumpRequest(List<Path> files, ReleaseSource source, Mode mode) {
        this(files, source, mode, null);
    }
}
