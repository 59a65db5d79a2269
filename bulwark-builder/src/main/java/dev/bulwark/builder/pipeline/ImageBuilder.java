package dev.bulwark.builder.pipeline;

import dev.bulwark.policy.gate.Gate;
import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.assemble.ImageAssembler;
import dev.bulwark.builder.lock.LockRequest;
import dev.bulwark.builder.lock.LockResult;
import dev.bulwark.builder.lock.Locker;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.core.Writable;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.WriteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * {@link BuildRequest} → {@link BuildResult}: read (or make) the lock, fetch what the cache lacks, assemble each
 * architecture, write every output. Building from a lock never reads the archive's indexes; with every package
 * cached it never touches the network.
 */
public final class ImageBuilder {
    private final Locker locker;
    private final Path cacheDir;
    private final Path workDir;
    private final Gate.Gates gates;

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
        this.workDir = cacheDir.resolve("tmp");
        this.gates = gates;
    }

    public BuildResult build(BuildRequest request, Progress progress) throws BulwarkException {
        checkRequest(request);
        request = withArchs(request, progress);
        Locked locked = lockAndFetch(request, progress);
        Lockfile lock = locked.lock();
        Path temp = createTemp();
        // Packages are read and their layers written in parallel; each layer's compressor has threads of its own.
        int jobs = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "bulwark-builder");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Image> images = new LinkedHashMap<>();
            for (String arch : request.archs()) {
                images.put(arch, request.spec().isCustomization()
                        ? locker.customizer(request.spec()).assemble(pool, request.spec(), arch, lock.archs().get(arch),
                                locked.fetch().paths(), lock.sourceDateEpoch(), request.compression(), temp, progress)
                        : new ImageAssembler(pool).assemble(new ImageAssembler.Request(request.spec(), arch,
                        lock.archs().get(arch), locked.fetch().paths(), lock.sourceDateEpoch(), request.compression(), temp,
                        cacheDir), progress));
            }
            // Gates run before anything is written: a failure leaves every output untouched.
            List<Gate.Result> gated = GateRun.check(gates, request.spec(), images, progress);
            List<BuildResult.Output> outputs = new ArrayList<>();
            for (ImageReference out : request.outputs()) {
                BuildResult.Output o = write(request, lock, images, out, progress);
                if (BuildEvidence.canHold(out)) {
                    GateRun.attach(gated, request.spec().name(), out, o.written(), request.registry(), request.signer());
                }
                outputs.add(o);
            }
            return new BuildResult(lock, locked.written(), locked.fetch(), images, outputs);
        } finally {
            pool.shutdownNow();
            deleteTree(temp);
        }
    }

    /** Refuses what cannot work before any download or build. */
    private static void checkRequest(BuildRequest request) throws BulwarkException {
        if ("dev".equals(request.spec().variant())) {
            throw new BuildException(Kind.BAD_INPUT, "cannot build " + request.spec().file() + ": 'variant: dev' (a shell "
                    + "and tools for debugging) is not supported yet; list the packages you need, e.g. busybox, and "
                    + "'include:' the shells you want instead");
        }
        if (request.outputs().isEmpty()) {
            throw new BuildException(Kind.BAD_INPUT, "cannot build " + request.spec().name() + ": no --output given "
                    + "(e.g. --output oci:out/" + request.spec().name() + ")");
        }
        for (ImageReference out : request.outputs()) {
            Sinks.check(out, request.archs().size(), request.registry());
        }
        if (!Files.isRegularFile(request.lockPath())) {
            Writable.target(request.lockPath(), "the lockfile", "make its directory writable or lock it elsewhere first");
        }
        if (request.signer() != null && request.outputs().stream().noneMatch(BuildEvidence::canHold)) {
            throw new BuildException(Kind.BAD_INPUT, "cannot sign: none of the outputs can hold signatures; add an oci: "
                    + "layout or a registry output (archives cannot carry cosign's .sig and .att tags)");
        }
    }

    /**
     * The request with the architectures to build filled in: none asked for means the spec's, and for a
     * customization the base's (each one checked against the base).
     */
    private BuildRequest withArchs(BuildRequest r, Progress progress) throws BulwarkException {
        List<String> archs = r.archs();
        if (r.spec().isCustomization()) {
            var customizer = locker.customizer(r.spec());
            archs = customizer.archs(r.spec(), archs, customizer.base(r.spec(), progress));
        } else if (archs.isEmpty()) {
            archs = r.spec().archs();
        }
        return new BuildRequest(r.spec(), r.lockPath(), archs, r.outputs(), r.compression(), r.sourceDateEpoch(),
                r.registry(), r.signer(), r.attachSboms());
    }

    /** The lock to build from, whether it was written now, and where its packages are in the cache. */
    private record Locked(Lockfile lock, boolean written, DebFetcher.FetchResult fetch) {
    }

    private Locked lockAndFetch(BuildRequest request, Progress progress) throws BulwarkException {
        if (Files.isRegularFile(request.lockPath())) {
            Lockfile lock = LockfileCodec.read(request.lockPath());
            checkFresh(request, lock);
            if (request.spec().isCustomization()) {
                locker.customizer(request.spec()).checkLock(request.spec(), lock, request.lockPath(), progress);
            }
            return new Locked(lock, false, locker.fetch(Locker.only(lock, request.archs()), progress));
        }
        progress.info("No lock at " + request.lockPath() + "; resolving and locking first");
        LockResult locked = locker.lock(new LockRequest(request.spec(), request.lockPath(), true, request.archs(),
                request.sourceDateEpoch()), progress);
        return new Locked(locked.lockfile(), true, locked.fetch());
    }

    /** Writes the images to one output and, with a signer, signs it and attaches its evidence. */
    private BuildResult.Output write(BuildRequest request, Lockfile lock, Map<String, Image> images,
            ImageReference out, Progress progress) throws BulwarkException {
        progress.info("Writing " + out);
        Map<String, String> annotations = ImageAssembler.annotations(request.spec(),
                Instant.ofEpochSecond(lock.sourceDateEpoch()));
        if (request.spec().isCustomization()) {
            annotations = locker.customizer(request.spec()).indexAnnotations(request.spec(), annotations, progress);
        }
        ImageWrite write = new ImageWrite(new ArrayList<>(images.values()), annotations);
        WriteResult written = Sinks.open(out, images.size(), request.registry()).write(write);
        // The reference as written: an untagged layout output is tagged "latest", and clients need the tag.
        ImageReference target = out instanceof ImageReference.OciLayout l && l.tag() == null
                ? new ImageReference.OciLayout(l.dir(), "latest") : out;
        if (!BuildEvidence.canHold(out)) {
            return new BuildResult.Output(target, written, false);
        }
        if (request.signer() == null) {
            if (request.attachSboms()) {
                progress.info("Attaching SBOMs and provenance to " + out + " (unsigned; sign with --sign-key)");
                BuildEvidence.attachUnsigned(request.spec(), lock, request.archs(), request.compression(),
                        new ArrayList<>(images.values()),
                        target, written, request.registry(), cacheDir);
            }
            return new BuildResult.Output(target, written, false);
        }
        progress.info("Signing " + out + " and attaching SBOMs and provenance");
        BuildEvidence.attach(request.spec(), lock, request.archs(), request.compression(),
                new ArrayList<>(images.values()), target, written,
                request.registry(), request.signer());
        return new BuildResult.Output(target, written, true);
    }

    private static void checkFresh(BuildRequest request, Lockfile lock) throws BulwarkException {
        String specSha = request.spec().sha256();
        if (!specSha.equals(lock.specSha256())) {
            throw new BuildException(Kind.BAD_INPUT, "cannot build from " + request.lockPath() + ": it was made for another "
                    + "version of " + request.spec().file() + " (spec SHA-256 " + lock.specSha256() + ", now " + specSha
                    + "); run 'bulwark lock " + request.spec().file() + "' to update it");
        }
        for (String arch : request.archs()) {
            if (!lock.archs().containsKey(arch)) {
                throw new BuildException(Kind.BAD_INPUT, "cannot build " + arch + " from " + request.lockPath()
                        + ": the lock has only " + lock.archs().keySet() + "; run 'bulwark lock' after adding it to the spec");
            }
        }
    }

    private Path createTemp() throws BuildException {
        try {
            return dev.bulwark.core.TempFiles.createDirectory(workDir, "build");
        } catch (IOException e) {
            throw new BuildException(Kind.ENVIRONMENT, "cannot create a work directory in " + workDir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Leftover temp files are harmless; the next build uses a fresh directory.
        }
    }
}
