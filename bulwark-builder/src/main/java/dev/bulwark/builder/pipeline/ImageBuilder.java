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
 * ({@link FetchStep}), assemble each architecture ({@link AssembleStep}), run the gates ({@link GateStep}), store every
 * output by digest ({@link PublishStep}), attach signatures and evidence ({@link AttachEvidenceStep}) and only then
 * move the outputs' tags ({@link TagStep}); a build that fails before that leaves every tag where it was. Building from
 * a lock never reads the archive's indexes; with every package cached it never touches the network.
 */
public final class ImageBuilder {
    private final Locker locker;
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
        this.locker = locker;
        this.cacheDir = cacheDir;
        this.steps = List.of(new CheckRequestStep(), new LockStep(locker), new FetchStep(locker), new AssembleStep(locker),
                new GateStep(gates), new PublishStep(), new AttachEvidenceStep(), new TagStep());
    }

    /** The locker this builder locks, fetches and customizes with (its customizer opens each base once). */
    public Locker locker() {
        return locker;
    }

    /** Where this builder keeps its cache (layers, fetched packages, scan inputs). */
    public Path cacheDir() {
        return cacheDir;
    }

    public BuildResult build(BuildRequest request, Progress progress) throws BulwarkException {
        try (BuildContext context = new BuildContext(withArchs(request, progress), progress, cacheDir)) {
            for (BuildStep step : steps) {
                step.run(context);
            }
            return context.result();
        }
    }

    /**
     * The request with the architectures to build filled in — none asked for means the spec's, and for a
     * customization the base's (each one checked against the base) — and a dev variant's outputs tagged -dev.
     */
    private BuildRequest withArchs(BuildRequest r, Progress progress) throws BulwarkException {
        List<String> archs = r.archs();
        if (r.spec().isCustomization()) {
            var customizer = locker.customizer(r.spec());
            archs = customizer.archs(r.spec(), archs, customizer.base(r.spec(), progress));
        } else if (archs.isEmpty()) {
            archs = r.spec().archs();
        }
        List<dev.bulwark.oci.ref.ImageReference> outputs = "dev".equals(r.spec().variant())
                ? r.outputs().stream().map(dev.bulwark.builder.customize.DevVariant::tagged).toList() : r.outputs();
        return new BuildRequest(r.spec(), r.lockPath(), archs, outputs, r.compression(), r.sourceDateEpoch(),
                r.registry(), r.signer(), r.attachSboms());
    }
}
