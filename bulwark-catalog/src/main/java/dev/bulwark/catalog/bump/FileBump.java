package dev.bulwark.catalog.bump;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a bump found in one file: the references it moved (or would move), those already at their newest release,
 * those of images the source does not know ({@code foreign}), and — instead of all that — an {@code error} (with
 * its {@code line}, 0 when it is about the whole file) when the file could not be read or parsed, in which case
 * nothing was written. {@code refused} says the error is a reference whose new digest failed the bump's
 * {@link ReleaseCheck} (a check that failed, not bad input). {@code diff} is the unified diff in dry-run mode, else
 * null.
 */
public record FileBump(Path file, List<Change> changes, List<Change> upToDate, List<Occurrence> foreign,
        boolean written, String diff, String error, int line, boolean refused) {
    public FileBump {
        Objects.requireNonNull(file, "file");
        changes = List.copyOf(changes);
        upToDate = List.copyOf(upToDate);
        foreign = List.copyOf(foreign);
        if (refused && error == null) {
            throw new IllegalArgumentException("a refused file says why");
        }
    }

    static FileBump failed(Path file, int line, String error) {
        return new FileBump(file, List.of(), List.of(), List.of(), false, null, error, line, false);
    }

    static FileBump refused(Path file, int line, String why) {
        return new FileBump(file, List.of(), List.of(), List.of(), false, null, why, line, true);
    }

    public boolean failed() {
        return error != null;
    }
}
