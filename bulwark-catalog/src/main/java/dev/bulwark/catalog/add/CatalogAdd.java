package dev.bulwark.catalog.add;

import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import dev.bulwark.builder.pipeline.BuildRequest;
import dev.bulwark.builder.pipeline.BuildResult;
import dev.bulwark.builder.pipeline.ImageBuilder;
import dev.bulwark.spec.Spec;
import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.model.ImageDefinition;
import dev.bulwark.catalog.model.NewBuild;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.catalog.vex.ImageVex;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.core.Sha256;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.scan.vex.VexDocument;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code catalog add}: record the image, build it from its lock with the ordinary build pipeline, publish it
 * (timestamped tags first, moving tags last) and record the build: digests per platform, the lock's packages,
 * sizes and duration. Recording the image and recording the build are one transaction each; a failed build is
 * recorded as an event and changes nothing else.
 */
public final class CatalogAdd {
    private final Catalog catalog;
    private final ImageBuilder builder;
    private final Clock clock;

    public CatalogAdd(Catalog catalog, ImageBuilder builder, Clock clock) {
        this.catalog = catalog;
        this.builder = builder;
        this.clock = clock;
    }

    public AddResult add(AddRequest request, Progress progress) throws BulwarkException {
        return add(request, null, progress);
    }

    /**
     * As {@link #add(AddRequest, Progress)}, for a worker's {@code attempt} at a rebuild request (null: by hand): the
     * build records the request, and once the attempt has been taken over it stops ({@link Attempt.TakenOver}):
     * checked before it starts (for a rebuild: right after its re-lock), before each moving tag, and with the record.
     */
    public AddResult add(AddRequest request, Attempt attempt, Progress progress) throws BulwarkException {
        owns(attempt, "before it built: it builds nothing, moves no tag and records no build; the newer attempt "
                + "publishes", progress);
        Spec spec = request.spec();
        Optional<CatalogImage> known = catalog.find(spec.name());
        List<ImageReference> targets = targets(request, known);
        boolean added = catalog.define(definition(spec, targets, archs(request, progress)));
        ImageVex vex = new ImageVex(catalog.database(), clock);
        if (!request.vex().isEmpty()) {
            vex.replace(spec.name(), request.vex());
        }
        Instant started = clock.instant();
        List<Targets.Output> outputs = Targets.outputs(targets, started);
        BuildResult result;
        try {
            // The timestamped tags only: the moving ones move after the evidence is attached (MovingTags).
            result = builder.build(new BuildRequest(spec, request.lockPath(), request.archs(),
                    MovingTags.built(outputs).stream().map(Targets.Output::reference).toList(), request.compression(),
                    request.sourceDateEpoch(), request.registry(), request.signer(), request.attachSboms()), progress);
        } catch (BulwarkException | RuntimeException e) {
            failed(spec, String.valueOf(e.getMessage()), e);
            throw e;
        }
        Duration took = Duration.between(started, clock.instant());
        List<dev.bulwark.catalog.model.Attestation> evidence = EvidenceDigests.of(result, request.registry());
        BuildScan.Result scan = scan(request, result, vex.documents(spec.name()), progress);
        List<Publication> publications;
        try {
            publications = MovingTags.publish(outputs, result, "dev".equals(spec.variant()), request.registry(), clock,
                    progress, moving -> owns(attempt, "before it moved " + moving + ": it moves no further tag and "
                            + "records no build; the newer attempt publishes", progress));
        } catch (Attempt.TakenOver e) {
            throw e; // nothing to record: the attempt that owns the request now publishes and records
        } catch (BulwarkException | RuntimeException e) {
            failed(spec, "moving its tags failed: " + e.getMessage(), e);
            throw e;
        }
        NewBuild record = record(request, result, publications, evidence, scan, started,
                took.isNegative() ? Duration.ZERO : took).forRequest(attempt == null ? null : attempt.requestId());
        var number = catalog.recordBuild(record, scan == null ? null : scan.vex(), attempt == null ? null
                : attempt.owns());
        if (number.isEmpty()) {
            throw takenOver(attempt, "after it moved its tags, before it recorded its build: it records none; the "
                    + "newer attempt moves the tags again", progress);
        }
        return new AddResult(added, number.getAsInt(), result, record);
    }

    /**
     * Throws, stopped at {@code stage}, when {@code attempt} (null: a build by hand) no longer owns its request.
     * Registry tag PUTs are not transactional: an attempt taken over between this check and its PUT still moves that
     * one tag, late. Not always to the digest the newer attempt publishes: that attempt re-locks, and an archive that
     * moved meanwhile gives it another lock and another image. The newer attempt moves its tags after that (it
     * re-locks and builds first), so they end on its build — unless the late PUT lands after them (a stalled
     * request), which leaves the tag on the late build until the next release; the record itself is fenced in its
     * transaction, so the catalog never names the late build.
     */
    private void owns(Attempt attempt, String stage, Progress progress) throws BulwarkException {
        if (attempt != null && !catalog.database().transaction("check that " + attempt.name() + " still owns its "
                + "rebuild request", c -> attempt.owns().holds(c))) {
            throw takenOver(attempt, stage, progress);
        }
    }

    private static Attempt.TakenOver takenOver(Attempt attempt, String stage, Progress progress) {
        Attempt.TakenOver e = new Attempt.TakenOver(attempt, stage);
        progress.info(e.getMessage());
        return e;
    }

    private void failed(Spec spec, String message, Exception e) {
        try {
            catalog.recordEvent(spec.name(), "build.failed", message);
        } catch (CatalogException recording) {
            e.addSuppressed(recording);
        }
    }

    /**
     * The build's scan, or null when no advisories were given — or when the scan failed: the build is published
     * already, so it is recorded all the same, without a scan summary, and the failure is reported. The image's VEX
     * documents are applied to it, and what they said is recorded with the scan.
     */
    private BuildScan.Result scan(AddRequest request, BuildResult result, List<VexDocument> vex, Progress progress) {
        if (request.advisories().isEmpty()) {
            return null;
        }
        try {
            return BuildScan.of(request.spec().name(), result, request.advisories(), vex, builder.cacheDir(),
                    clock.instant());
        } catch (BulwarkException | RuntimeException e) {
            progress.info("warning: " + request.spec().name() + " is recorded without a scan summary: cannot scan it: "
                    + e.getMessage());
            return null;
        }
    }

    private static List<ImageReference> targets(AddRequest request, Optional<CatalogImage> known) throws CatalogException {
        List<ImageReference> out = new ArrayList<>();
        if (!request.publish().isEmpty()) {
            for (ImageReference r : request.publish()) {
                out.add(Targets.normalize(r));
            }
        } else if (known.isPresent() && !known.get().definition().publishTargets().isEmpty()) {
            for (String stored : known.get().definition().publishTargets()) {
                out.add(Targets.parse(stored));
            }
        } else {
            out.add(Targets.normalize(request.defaultTarget()));
        }
        return out;
    }

    /** The image as the spec defines it: the bytes it was parsed from, never the file read again. */
    private static ImageDefinition definition(Spec spec, List<ImageReference> targets, List<String> archs) {
        return new ImageDefinition(spec.name(), spec.file().toAbsolutePath().normalize().toString(), spec.sha256(),
                spec.text(), spec.distribution(), spec.base(), archs, targets.stream().map(Object::toString).toList());
    }

    /** The spec's architectures; a customization that names none has its base's (the base is opened to see). */
    private List<String> archs(AddRequest request, Progress progress) throws BulwarkException {
        Spec spec = request.spec();
        if (!spec.isCustomization() || !spec.archs().isEmpty()) {
            return spec.archs();
        }
        var customizer = builder.locker().customizer(spec);
        return customizer.archs(spec, request.archs(), customizer.base(spec, progress));
    }

    private static NewBuild record(AddRequest request, BuildResult result, List<Publication> publications,
            List<dev.bulwark.catalog.model.Attestation> evidence, BuildScan.Result scan, Instant started,
            Duration took) {
        Lockfile lock = result.lock();
        byte[] lockBytes = LockfileCodec.encode(lock);
        List<PlatformBuild> platforms = new ArrayList<>();
        List<BuiltPackage> packages = new ArrayList<>();
        for (Map.Entry<String, Image> e : result.images().entrySet()) {
            Image image = e.getValue();
            platforms.add(new PlatformBuild(e.getKey(), image.platform().toString(), image.digest().toString(),
                    image.manifest().config().digest().toString(), image.layers().size(),
                    image.layers().stream().mapToLong(l -> l.descriptor().size()).sum()));
            for (Lockfile.LockedPackage p : lock.archs().getOrDefault(e.getKey(), List.of())) {
                packages.add(new BuiltPackage(e.getKey(), p.name(), p.version(), p.architecture(), p.source(),
                        p.sourceVersion(), p.suite(), p.filename(), p.size(), p.sha256()));
            }
        }
        String index = null;
        for (BuildResult.Output o : result.outputs()) {
            if (index == null && o.written().index() != null) {
                index = o.written().index().toString();
            }
        }
        return new NewBuild(request.spec().name(), request.reason(), lock.specSha256(), Sha256.hex(lockBytes),
                new String(lockBytes, StandardCharsets.UTF_8), lock.sourceDateEpoch(), index, platforms, packages,
                evidence, scan == null ? null : scan.summary(), scan == null ? List.of() : scan.findings(), publications,
                started, took);
    }
}
