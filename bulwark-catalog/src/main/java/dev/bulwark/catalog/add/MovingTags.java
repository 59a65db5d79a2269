package dev.bulwark.catalog.add;

import dev.bulwark.builder.pipeline.BuildResult;
import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.oci.transport.Transports;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a release's moving tags last. The build writes only the timestamped (immutable) tags and attaches the
 * signature and evidence to them; only once that has succeeded is each moving tag written, from its timestamped
 * twin in the same repository or layout (its manifest bytes, checked to be the digest just built). A build that
 * fails or is killed before then leaves every moving tag on the previous release.
 */
final class MovingTags {
    private MovingTags() {
    }

    /** What the build itself writes: every output but the moving tags. */
    static List<Targets.Output> built(List<Targets.Output> outputs) {
        return outputs.stream().filter(o -> o.kind() != Publication.Kind.MOVING).toList();
    }

    /** Run immediately before each moving tag moves; throws to stop before it ({@link Attempt.TakenOver}). */
    @FunctionalInterface
    interface BeforeMove {
        void check(ImageReference moving) throws BulwarkException;
    }

    /**
     * The publications of a finished build, in {@code outputs}' order: the written outputs as the build reports
     * them, then each moving tag moved to its timestamped twin's manifest (dev variants: both tagged -dev),
     * each after {@code before} let it.
     */
    static List<Publication> publish(List<Targets.Output> outputs, BuildResult result, boolean devVariant,
            RegistryOptions registry, Clock clock, Progress progress, BeforeMove before) throws BulwarkException {
        List<Targets.Output> built = built(outputs);
        List<Publication> out = new ArrayList<>();
        BuildResult.Output previous = null;
        int next = 0;
        for (Targets.Output o : outputs) {
            if (o.kind() != Publication.Kind.MOVING) {
                previous = result.outputs().get(next);
                out.add(new Publication(previous.reference().toString(), previous.written().digest().toString(),
                        built.get(next).kind(), 0, clock.instant(), null));
                next++;
                continue;
            }
            if (previous == null || built.get(next - 1).kind() != Publication.Kind.IMMUTABLE) {
                throw new IllegalStateException("a moving tag follows its timestamped twin: " + o.reference());
            }
            ImageReference moving = devVariant ? dev.bulwark.builder.customize.DevVariant.tagged(o.reference()) : o.reference();
            before.check(moving);
            progress.info("Moving " + moving + " to " + previous.written().digest());
            out.add(new Publication(moving.toString(), move(previous, moving, registry), Publication.Kind.MOVING, 0,
                    clock.instant(), null));
        }
        return out;
    }

    private static String move(BuildResult.Output stamped, ImageReference moving, RegistryOptions registry)
            throws BulwarkException {
        Store store = Transports.openStore(stamped.reference(), registry);
        String want = stamped.written().digest().toString();
        Descriptor d = store.resolve(Transports.reference(stamped.reference())).orElseThrow(() -> new CatalogException(
                Kind.ENVIRONMENT, "cannot move " + moving + ": the tag just written, " + stamped.reference()
                + ", is gone; the previous release stays"));
        if (!d.digest().toString().equals(want)) {
            throw new CatalogException(Kind.ENVIRONMENT, "cannot move " + moving + ": " + stamped.reference() + " holds "
                    + d.digest() + ", not the " + want + " just built; the previous release stays");
        }
        store.putManifest(d.mediaType(), store.manifest(d), Transports.reference(moving));
        return want;
    }
}
