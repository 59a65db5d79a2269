package dev.bulwark.catalog.bump;

import java.util.List;
import java.util.Objects;

/** The outcome of a bump, per file in the order given, and which source said what the newest releases are. */
public record BumpResult(String source, BumpRequest.Mode mode, List<FileBump> files) {
    public BumpResult {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mode, "mode");
        files = List.copyOf(files);
    }

    /** How many references are (or, after a write, were) behind their newest release. */
    public int behind() {
        return files.stream().mapToInt(f -> f.changes().size()).sum();
    }

    /** The files that could not be read or parsed. */
    public List<FileBump> failures() {
        return files.stream().filter(f -> f.failed() && !f.refused()).toList();
    }

    /** The files left as they were because a new digest failed the release check. */
    public List<FileBump> refusals() {
        return files.stream().filter(FileBump::refused).toList();
    }
}
