package dev.bulwark.catalog.watch;

import dev.bulwark.builder.lock.LockRequest;
import dev.bulwark.builder.lock.LockResult;
import dev.bulwark.catalog.add.AddRequest;
import dev.bulwark.catalog.add.AddResult;
import dev.bulwark.catalog.add.Attempt;
import dev.bulwark.catalog.add.CatalogAdd;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.plan.Decision;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.core.TempFiles;
import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One rebuild the planner asked for: re-lock into a staged lock (the spec's own lock moves only once the new
 * release is recorded), stop when the re-lock has the same packages (identical content: nothing is built or
 * published), else build, gate, attach evidence, sign and publish through {@code catalog add}'s flow — timestamped
 * tags first, moving tags last, after the evidence — and say which SLA clocks the new release stops.
 */
final class Rebuild {
    /**
     * How it ended: the outcome, the new build's number (when one), a sentence, the CVEs now fixed, and — for a
     * failure — its kind ({@link Kind#ENVIRONMENT}: the registry, mirror or catalog failed, not the build; else null).
     */
    record Result(WatchStore.Outcome outcome, Integer build, String message, List<String> closed, Kind failure) {
        Result(WatchStore.Outcome outcome, Integer build, String message, List<String> closed) {
            this(outcome, build, message, closed, null);
        }
    }

    private final Catalog catalog;
    private final WatchStore store;
    private final Clock clock;

    Rebuild(Catalog catalog, WatchStore store, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
    }

    /** Carries out {@code d}; {@code attempt}: the worker's attempt it is made for (null: a watch cycle's). */
    Result run(Watcher.Context ctx, Decision d, WatchRequest request, Attempt attempt, Progress progress) {
        String name = ctx.image().name();
        int previousBuild = ctx.current().number();
        try {
            Path staged = stage(ctx, request.stagingDir());
            List<String> archs = ctx.image().definition().archs().stream().filter(ctx.spec().archs()::contains).toList();
            progress.info("Re-locking " + name + " (" + d.reason() + ")");
            // The builder's own locker: for a customization it re-locks on the base as published now.
            LockResult relocked = ctx.tools().builder().locker().lock(new LockRequest(
                    ctx.spec(), staged, true, archs, null), progress);
            Lockfile lock = relocked.lockfile();
            String base = ctx.spec().isCustomization() ? Bases.resolve(catalog.images()).get(name) : null;
            BaseRelease.checkOnCurrent(catalog, ctx.image(), base, lock);
            if (lock.samePackages(ctx.lock()) && lock.specSha256().equals(ctx.lock().specSha256())
                    && java.util.Objects.equals(lock.base(), ctx.lock().base())) {
                Files.deleteIfExists(staged);
                return new Result(WatchStore.Outcome.UNCHANGED, null, "the re-lock has the same packages as build "
                        + previousBuild + ": identical content, nothing built or published", List.of());
            }
            String before = catalog.build(name, 0).digest();
            AddResult added = new CatalogAdd(catalog, ctx.tools().builder(), clock).add(new AddRequest(ctx.spec(), staged,
                    archs, List.of(), defaultTarget(ctx.image()), Compression.GZIP, null, request.registry(),
                    request.signer(), request.attachSboms(), "watch: " + d.reason(), request.advisories()), attempt,
                    progress);
            LockfileCodec.write(lock, LockfileCodec.lockPathFor(ctx.spec().file()));
            Files.deleteIfExists(staged);
            String after = catalog.build(name, added.buildNumber()).digest();
            if (after.equals(before)) {
                return new Result(WatchStore.Outcome.UNCHANGED, added.buildNumber(), "build " + added.buildNumber()
                        + " has the digest of build " + previousBuild + " (" + after + "): no new release", List.of());
            }
            return new Result(WatchStore.Outcome.PUBLISHED, added.buildNumber(), "build " + added.buildNumber()
                    + " published as " + after, fixedBy(name, BaseRelease.withBasePackages(catalog, base, lock)));
        } catch (Attempt.TakenOver e) {
            // Not a failed rebuild: the request's newer attempt carries it out. The message is where it stopped.
            return new Result(WatchStore.Outcome.TAKEN_OVER, null, e.stage(), List.of());
        } catch (BulwarkException | IOException | RuntimeException e) {
            Kind kind = e instanceof BulwarkException b ? b.kind() : e instanceof IOException ? Kind.ENVIRONMENT : null;
            return new Result(WatchStore.Outcome.FAILED, null, "rebuild failed: " + e.getMessage() + "; the previous "
                    + "release (build " + previousBuild + ") stays", List.of(), kind);
        }
    }

    /** The lock the rebuild starts from: the current build's, so an unchanged package set keeps its epoch. */
    private static Path stage(Watcher.Context ctx, Path stagingDir) throws IOException {
        Files.createDirectories(stagingDir);
        Path staged = stagingDir.resolve(ctx.image().name() + ".lock.json");
        Path temp = TempFiles.createFile(stagingDir, "lock");
        try {
            Files.writeString(temp, ctx.current().lockJson(), StandardCharsets.UTF_8);
            TempFiles.replace(temp, staged);
        } finally {
            Files.deleteIfExists(temp);
        }
        return staged;
    }

    private static ImageReference defaultTarget(CatalogImage image) throws BulwarkException {
        List<String> targets = image.definition().publishTargets();
        if (targets.isEmpty()) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot rebuild " + image.name() + ": the catalog has no publish "
                    + "target for it; run 'bulwark catalog add SPEC --publish REF' once");
        }
        return ImageReference.parse(targets.get(0));
    }

    /** The open SLA clocks whose fix the new lock has: some package of that source at or above the fixed version. */
    private List<String> fixedBy(String image, Lockfile lock) throws BulwarkException {
        List<String> out = new ArrayList<>();
        for (WatchStore.OpenClock k : store.openClocks(image)) {
            try {
                DebianVersion fixed = DebianVersion.parse(k.fixedVersion());
                for (List<Lockfile.LockedPackage> packages : lock.archs().values()) {
                    for (Lockfile.LockedPackage p : packages) {
                        String source = p.source() == null || p.source().isEmpty() ? p.name() : p.source();
                        String version = p.sourceVersion() == null || p.sourceVersion().isEmpty() ? p.version()
                                : p.sourceVersion();
                        if (source.equals(k.sourcePackage()) && DebianVersion.parse(version).compareTo(fixed) >= 0
                                && !out.contains(k.cve())) {
                            out.add(k.cve());
                        }
                    }
                }
            } catch (VersionParseException e) {
                // A version that cannot be compared closes nothing; the clock stays open and visible.
            }
        }
        return out;
    }
}
