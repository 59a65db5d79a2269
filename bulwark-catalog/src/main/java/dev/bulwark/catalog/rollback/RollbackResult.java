package dev.bulwark.catalog.rollback;

import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.release.Release;
import java.util.List;

/**
 * What a rollback did: the moving tags written back to the target build ({@code moved}, empty when they held
 * it already) and the release it announced (null when nothing moved).
 */
public record RollbackResult(String image, int build, String digest, List<Publication> moved, Release release) {
    public RollbackResult {
        moved = List.copyOf(moved);
    }
}
