package dev.bulwark.builder.pipeline;

import dev.bulwark.builder.lock.Locker;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Progress;
import dev.bulwark.policy.gate.Gate;

import java.nio.file.Path;
import java.util.List;

/**
 * {@link BuildRequest} → {@link BuildResult}, as steps over one {@link BuildContext}: check the request and open the
 * outputs ({@link CheckRequestStep}), read or make the lock ({@link LockStep}), fetch what the cache lacks
 * ({@link FetchStep}), assemble each architecture ({@link AssembleStep}), run the gates ({@link GateStep}), write every
 * output ({@link PublishStep}) and attach signatures and evidence ({@link AttachEvidenceStep}). Building from a lock
 * never reads the archive's indexes; with every package cached it never touches the network.
 */
public final class ImageBuilder {
    private final Path cacheDir;
    private final List<BuildStep> steps;

    /**
     * {@code cacheDir}: where built layers are kept for the next build; temporary spool and layer files go to a
     * fresh directory under {@code cacheDir/tmp}, removed after the build.
     */
    public ImageBuilder(Locker locker, Path cacheDir) {
        this(locker, cacheDir, Gate.Gates.NONE);
    }

    /** With {@code gates}: checked on the assembled images before any output is written. */
    public ImageBuilder(Locker locker, Path cacheDir, Gate.Gates gates) {
        this.cacheDir = cacheDir;
        this.steps = List.of(new CheckRequestStep(), new LockStep(locker), new FetchStep(locker), new AssembleStep(),
                new GateStep(gates), new PublishStep(), new AttachEvidenceStep());
    }

    public BuildResult build(BuildRequest request, Progress progress) throws BulwarkException {
        try (BuildContext context = new BuildContext(request, progress, cacheDir)) {
            for (BuildStep step : steps) {
                step.run(context);
            }
            return context.result();
        }
    }
}
