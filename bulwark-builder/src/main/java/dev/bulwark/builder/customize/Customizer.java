package dev.bulwark.builder.customize;

import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.assemble.AddedPackages;
import dev.bulwark.builder.lock.LockRequest;
import dev.bulwark.builder.lock.LockResult;
import dev.bulwark.builder.lock.Locker;
import dev.bulwark.builder.pipeline.BuildRequest;
import dev.bulwark.builder.pipeline.ImageBuilder;
import dev.bulwark.builder.resolve.SpecResolution;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.Archive;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecLines;
import dev.bulwark.spec.lock.Lockfile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Customizations — specs that name a {@code base:} — through resolve, lock and build: opens the base (once per
 * base per instance), resolves the added packages against it, locks them with the base pinned by digest, and
 * assembles each platform on top of the base's layers. The pipeline classes call in here for a customization and
 * keep the rest of their work (fetching, gates, outputs, evidence) as for any image.
 */
public final class Customizer {
    private final Archive archive;
    private final Locker locker;
    private final Path cacheDir;
    private final Bases bases;
    private final Map<String, BaseImage> opened = new HashMap<>();
    private final Set<Path> building = new HashSet<>();

    /** {@code cacheDir}: where base specs are built to; {@code locker} fetches, and locks base specs. */
    public Customizer(Archive archive, Locker locker, Path cacheDir, BaseOptions options) {
        this.archive = archive;
        this.locker = locker;
        this.cacheDir = cacheDir;
        this.bases = new Bases(options, cacheDir, this::buildBaseSpec);
    }

    /** The base {@code spec} customizes, opened and checked. */
    public synchronized BaseImage base(Spec spec, Progress progress) throws BulwarkException {
        BaseImage base = opened.get(spec.base());
        if (base == null) {
            base = bases.open(spec, SpecLines.of(spec), progress);
            checkDistribution(spec, base);
            opened.put(spec.base(), base);
        }
        return base;
    }

    /** The architectures to build: the spec's, each of which the base must have, or (none written) the base's. */
    public List<String> archs(Spec spec, List<String> wanted, BaseImage base) throws BuildException {
        List<String> archs = wanted.isEmpty() ? (spec.archs().isEmpty() ? base.archs() : spec.archs()) : wanted;
        for (String arch : archs) {
            if (base.image(arch) == null) {
                throw new BuildException(Kind.BAD_INPUT, "cannot customize " + base.name() + " for " + arch + " ("
                        + SpecLines.of(spec).at("archs") + "): the base has only " + String.join(", ", base.archs())
                        + "; drop " + arch + " or build the base for it");
            }
        }
        return List.copyOf(archs);
    }

    public SpecResolution resolve(Spec spec, List<String> archs, Progress progress) throws BulwarkException {
        BaseImage base = base(spec, progress);
        return new CustomResolver(archive).resolve(spec, SpecLines.of(spec), base, archs(spec, archs, base), progress);
    }

    public LockResult lock(LockRequest request, Progress progress) throws BulwarkException {
        Spec spec = request.spec();
        BaseImage base = base(spec, progress);
        List<String> archs = archs(spec, List.of(), base);
        SpecLines lines = SpecLines.of(spec);
        for (String arch : archs) {
            // Accounts and paths against the base before anything is written: a lock is only made for what can build.
            new CustomLayer(spec, lines, base.contents(arch), AddedPackages.Result.NONE).entries();
        }
        return new CustomLocker(new CustomResolver(archive), locker).lock(request, lines, base, archs, progress);
    }

    /** Refuses a lock made against another base (or before the base moved). */
    public void checkLock(Spec spec, Lockfile lock, Path lockPath, Progress progress) throws BulwarkException {
        CustomLocker.checkPinned(spec, lock, base(spec, progress), lockPath);
    }

    /** One platform of the customization, on top of the base's image for {@code arch}. */
    public Image assemble(ExecutorService pool, Spec spec, String arch, List<Lockfile.LockedPackage> packages,
            Map<String, Path> debs, long sourceDateEpoch, Compression compression, Path tempDir, Progress progress)
            throws BulwarkException {
        BaseImage base = base(spec, progress);
        return new CustomAssembler(pool).assemble(new CustomAssembler.Request(spec, SpecLines.of(spec), base, arch,
                packages, debs, sourceDateEpoch, compression, tempDir, cacheDir), progress);
    }

    /**
     * A customization's lock with what its base has installed added per architecture (from the base image's dpkg
     * database, so a base that is itself a customization counts all of its layers): what {@code outdated} checks,
     * since a customization needs a rebuild when a fix lands for any package it ships, its own or its base's.
     * The base's entries carry no pool path or SHA-256; such a lock is for reading, never for fetching.
     */
    public Lockfile withBasePackages(Spec spec, Lockfile lock, Progress progress) throws BulwarkException {
        BaseImage base = base(spec, progress);
        Map<String, List<Lockfile.LockedPackage>> archs = new LinkedHashMap<>();
        for (Map.Entry<String, List<Lockfile.LockedPackage>> e : lock.archs().entrySet()) {
            List<Lockfile.LockedPackage> all = new java.util.ArrayList<>(e.getValue());
            if (base.image(e.getKey()) != null) {
                for (var p : base.contents(e.getKey()).packages().values()) {
                    all.add(new Lockfile.LockedPackage(p.name(), p.version().toString(), p.architecture(), p.source(),
                            p.sourceVersion().toString(), "", "main", "", 0, ""));
                }
            }
            all.sort(java.util.Comparator.comparing(Lockfile.LockedPackage::name));
            archs.put(e.getKey(), all);
        }
        return new Lockfile(lock.version(), lock.specName(), lock.specSha256(), lock.distribution(),
                lock.sourceDateEpoch(), lock.sourceDateEpochPolicy(), lock.suites(), archs, lock.base());
    }

    /** The index annotations of a customization: the base's name and digest besides the image's own. */
    public Map<String, String> indexAnnotations(Spec spec, Map<String, String> own, Progress progress)
            throws BulwarkException {
        BaseImage base = base(spec, progress);
        Map<String, String> out = new LinkedHashMap<>(own);
        out.put(BaseImage.BASE_NAME, base.name());
        out.put(BaseImage.BASE_DIGEST, base.digest().toString());
        return out;
    }

    /** The base's os-release must be of the distribution its lock resolves from (a relabelled base is refused). */
    private static void checkDistribution(Spec spec, BaseImage base) throws BulwarkException {
        for (String arch : base.archs()) {
            var os = base.contents(arch).osRelease();
            String codename = os == null ? "" : os.versionCodename();
            if (!codename.isEmpty() && !codename.equals(base.lock().distribution())) {
                throw new BuildException(Kind.BAD_INPUT, "cannot customize " + base.name() + " ("
                        + SpecLines.of(spec).at("base") + "): its " + arch + " image is Debian " + codename
                        + " (os-release), but its lock resolves from " + base.lock().distribution()
                        + "; packages of one distribution cannot be added to another — use a base built for "
                        + base.lock().distribution());
            }
        }
    }

    private void buildBaseSpec(Spec spec, Path lockPath, ImageReference.OciLayout out, Progress progress)
            throws BulwarkException {
        Path key = spec.file().toAbsolutePath().normalize();
        synchronized (this) {
            if (!building.add(key)) {
                throw new BuildException(Kind.BAD_INPUT, "cannot build base spec " + spec.file() + ": it is its own "
                        + "base (a loop of base: fields); one of them must name a distribution");
            }
        }
        try {
            new ImageBuilder(locker, cacheDir).build(new BuildRequest(spec, lockPath, spec.archs(), List.of(out),
                    Compression.GZIP, null, dev.bulwark.oci.transport.RegistryOptions.defaults(), null, false), progress);
        } finally {
            synchronized (this) {
                building.remove(key);
            }
        }
    }
}
