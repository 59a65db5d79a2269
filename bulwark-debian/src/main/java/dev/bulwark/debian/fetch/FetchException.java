package dev.bulwark.debian.fetch;

import dev.bulwark.debian.archive.ArchiveException;
import dev.bulwark.debian.archive.NotFoundException;
import java.util.List;

/**
 * Some files of a fetch failed. It carries what did arrive ({@link #partial()}: verified files now in the cache) and
 * every failure: the first is the cause and gives the message, the others are suppressed, so a caller can tell "one
 * file is gone from the pool" ({@link #anyNotFound()}) from a network failure without reading messages.
 */
public final class FetchException extends ArchiveException {
    private final transient DebFetcher.FetchResult partial;
    private final transient List<ArchiveException> failures;

    FetchException(List<ArchiveException> failures, DebFetcher.FetchResult partial) {
        this(failures.get(0).getMessage(), failures.get(0), failures, partial);
        failures.stream().skip(1).forEach(this::addSuppressed);
    }

    private FetchException(String message, Throwable cause, List<ArchiveException> failures,
            DebFetcher.FetchResult partial) {
        super(failures.get(0).kind(), message, cause);
        this.failures = List.copyOf(failures);
        this.partial = partial;
    }

    /** The files that were fetched and verified, or were cached already, before the fetch gave up. */
    public DebFetcher.FetchResult partial() {
        return partial;
    }

    /** Every file that failed, the first (this exception's message) first. */
    public List<ArchiveException> failures() {
        return failures;
    }

    /** Whether the archive said that one of the files does not exist (rather than failing to serve it). */
    public boolean anyNotFound() {
        return failures.stream().anyMatch(f -> f instanceof NotFoundException);
    }

    /** The same failure with a message that says what the caller knows (this one becomes the cause). */
    public FetchException explained(String message) {
        FetchException explained = new FetchException(message, this, failures, partial);
        for (Throwable t : getSuppressed()) {
            explained.addSuppressed(t);
        }
        return explained;
    }
}
