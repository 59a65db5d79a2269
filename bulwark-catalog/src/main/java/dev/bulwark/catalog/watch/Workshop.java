package dev.bulwark.catalog.watch;

import dev.bulwark.builder.pipeline.ImageBuilder;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.debian.archive.Archive;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.spec.Spec;
import java.nio.file.Path;

/**
 * What re-locks and builds one spec: the archive it trusts (its keyrings), the fetcher, the builder with the gates
 * the caller runs, and the cache. The CLI and the server wire it from their configuration. For a customization the
 * builder's locker must customize ({@code Workspace.locker(BaseOptions)}), and each call must return a builder of
 * its own: its customizer opens the base once, when the rebuild locks, so it sees the base a cycle just republished.
 */
@FunctionalInterface
public interface Workshop {
    record Tools(Archive archive, DebFetcher fetcher, ImageBuilder builder, Path cacheDir) {
    }

    Tools tools(Spec spec) throws BulwarkException;
}
