package dev.bulwark.builder.lock;

import dev.bulwark.spec.Spec;
import java.nio.file.Path;
import java.util.List;

/**
 * Lock a spec: resolve it for every architecture it names, write the lock to {@code lockPath}, and — when
 * {@code fetch} — download the {@code .deb}s of {@code fetchArchs} (empty: all) into the cache.
 * {@code sourceDateEpoch} overrides the epoch policy when not null (SOURCE_DATE_EPOCH).
 */
public record LockRequest(Spec spec, Path lockPath, boolean fetch, List<String> fetchArchs, Long sourceDateEpoch) {
    public LockRequest {
        fetchArchs = List.copyOf(fetchArchs);
    }

    /** The architectures whose packages are fetched. */
    public List<String> archsToFetch() {
        return fetchArchs.isEmpty() ? spec.archs() : fetchArchs;
    }
}
