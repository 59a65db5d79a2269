package dev.bulwark.catalog.add;

import dev.bulwark.builder.pipeline.BuildResult;
import dev.bulwark.catalog.model.NewBuild;
import java.util.Objects;

/** What {@code catalog add} did: whether the image was new, the build it made and what the catalog recorded. */
public record AddResult(boolean imageAdded, int buildNumber, BuildResult build, NewBuild recorded) {
    public AddResult {
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(recorded, "recorded");
    }
}
