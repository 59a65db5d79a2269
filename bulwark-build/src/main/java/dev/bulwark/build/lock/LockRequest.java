package dev.bulwark.build.lock;

import dev.bulwark.build.spec.Spec;
import java.nio.file.Path;
import java.util.List;

/**
 * Lock a spec: resolve it for {@code archs}, optionally fetch every {@code .deb} into the cache, and write the lock to
 * {@code lockPath}. {@code sourceDateEpoch} overrides the epoch policy when not null (SOURCE_DATE_EPOCH).
 */
public record LockRequest(Spec spec, List<String> archs, Path lockPath, boolean fetch, Long sourceDateEpoch) {
    public LockRequest {
        archs = List.copyOf(archs);
    }
}
