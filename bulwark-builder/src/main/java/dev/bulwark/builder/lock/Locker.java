package dev.bulwark.builder.lock;

import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import dev.bulwark.spec.lock.LockfileException;
import dev.bulwark.builder.BuildException;
import dev.bulwark.spec.Spec;
import dev.bulwark.builder.resolve.SpecResolution;
import dev.bulwark.builder.resolve.SpecResolver;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.Archive;
import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.archive.SuiteRelease;
import dev.bulwark.debian.fetch.DebFetcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link LockRequest} → {@link LockResult}: resolve, pin, fetch, write. */
public final class Locker {

    static final String POLICY_ENV = "SOURCE_DATE_EPOCH from the environment";
    static final String POLICY_RELEASE = "newest Date of the InRelease files of the suites that supply packages; "
            + "kept unchanged while the locked packages stay the same";

    private final Archive archive;
    private final DebFetcher fetcher;
    private final dev.bulwark.builder.customize.Customizer customizer;

    /** A locker for base images only: customizations need {@link #Locker(Archive, DebFetcher, Path, BaseOptions)}. */
    public Locker(Archive archive, DebFetcher fetcher) {
        this.archive = archive;
        this.fetcher = fetcher;
        this.customizer = null;
    }

    /** A locker for base images and customizations; {@code cacheDir} is where base specs are built to. */
    public Locker(Archive archive, DebFetcher fetcher, Path cacheDir,
            dev.bulwark.builder.customize.BaseOptions bases) {
        this.archive = archive;
        this.fetcher = fetcher;
        this.customizer = new dev.bulwark.builder.customize.Customizer(archive, this, cacheDir, bases);
    }

    /** What customizations go through; fails for a locker made without a cache for bases. */
    public dev.bulwark.builder.customize.Customizer customizer(Spec spec) throws BuildException {
        if (customizer == null) {
            throw new BuildException(Kind.BAD_INPUT, "cannot handle " + spec.file() + ": it customizes base '"
                    + spec.base() + "', and this operation was set up for base images only");
        }
        return customizer;
    }

    /** The closure per architecture: over the spec's suites, or — for a customization — what it adds to its base. */
    public SpecResolution resolve(Spec spec, List<String> archs, Progress progress) throws BulwarkException {
        return spec.isCustomization() ? customizer(spec).resolve(spec, archs, progress)
                : new SpecResolver(archive).resolve(spec, archs, progress);
    }

    public LockResult lock(LockRequest request, Progress progress) throws BulwarkException {
        if (request.spec().isCustomization()) {
            return customizer(request.spec()).lock(request, progress);
        }
        dev.bulwark.core.Writable.target(request.lockPath(), "the lockfile",
                "make its directory writable or pass another path");
        SpecResolution resolution = new SpecResolver(archive).resolve(request.spec(), request.spec().archs(), progress);
        Lockfile previous = Files.isRegularFile(request.lockPath()) ? readQuietly(request.lockPath()) : null;
        Map<String, List<Lockfile.LockedPackage>> archs = new LinkedHashMap<>();
        resolution.byArch().forEach((arch, r) -> archs.put(arch, r.packages().stream().map(s -> locked(s.pkg())).toList()));
        Set<String> contributing = resolution.byArch().values().stream()
                .flatMap(r -> r.packages().stream()).map(s -> s.pkg().suite()).collect(Collectors.toSet());
        List<Lockfile.LockedSuite> suites = new ArrayList<>();
        long newest = 0;
        for (SuiteRelease s : resolution.suites()) {
            Instant date = s.release().date();
            suites.add(new Lockfile.LockedSuite(s.suite(), "dists/" + s.suite() + "/InRelease", s.inReleaseSha256(),
                    date == null ? "" : date.toString()));
            if (date != null && contributing.contains(s.suite())) {
                newest = Math.max(newest, date.getEpochSecond());
            }
        }
        long epoch;
        String policy;
        if (request.sourceDateEpoch() != null) {
            epoch = request.sourceDateEpoch();
            policy = POLICY_ENV;
        } else {
            Lockfile candidate = new Lockfile(Lockfile.V1, "", "", "", 0, "", List.of(), archs);
            boolean keep = previous != null && previous.samePackages(candidate) && POLICY_RELEASE.equals(previous.sourceDateEpochPolicy());
            epoch = keep ? previous.sourceDateEpoch() : newest;
            policy = POLICY_RELEASE;
        }
        Lockfile lock = new Lockfile(Lockfile.V1, request.spec().name(), request.spec().sha256(),
                request.spec().distribution(), epoch, policy, suites, archs);
        DebFetcher.FetchResult fetched = request.fetch() ? fetch(only(lock, request.archsToFetch()), progress) : null;
        byte[] bytes = LockfileCodec.encode(lock);
        boolean changed = !sameBytes(request.lockPath(), bytes);
        if (changed) {
            LockfileCodec.write(lock, request.lockPath());
        }
        return new LockResult(lock, request.lockPath(), changed, resolution, fetched, previous);
    }

    /** Fetches every package of a lock into the cache (verified), e.g. before a build. */
    public DebFetcher.FetchResult fetch(Lockfile lock, Progress progress) throws BulwarkException {
        return fetch(lock, progress, (sha256, file) -> { });
    }

    /**
     * As {@link #fetch(Lockfile, Progress)}, telling {@code arrived} each package's SHA-256 and cached file once it is
     * in the cache.
     */
    public DebFetcher.FetchResult fetch(Lockfile lock, Progress progress,
            java.util.function.BiConsumer<String, Path> arrived) throws BulwarkException {
        List<DebFetcher.Wanted> wanted = new ArrayList<>();
        lock.archs().forEach((arch, packages) -> packages.forEach(p -> wanted.add(new DebFetcher.Wanted(
                p.name() + "_" + p.version() + "_" + p.architecture(), archive.poolUri(p.suite(), p.filename()),
                p.size(), p.sha256()))));
        try {
            return fetcher.fetch(wanted, progress, arrived);
        } catch (dev.bulwark.debian.fetch.FetchException e) {
            if (e.anyNotFound()) {
                // Debian drops superseded versions from the pool: an old lock can name files that are gone.
                throw e.explained(e.getMessage() + ". The archive no longer serves a version this lock pins; run"
                        + " 'bulwark lock SPEC' to pin current versions");
            }
            throw e;
        }
    }

    /** The same lock restricted to some architectures (for fetching or building only those). */
    public static Lockfile only(Lockfile lock, List<String> archs) {
        Map<String, List<Lockfile.LockedPackage>> subset = new LinkedHashMap<>();
        archs.forEach(a -> subset.put(a, lock.archs().getOrDefault(a, List.of())));
        return new Lockfile(lock.version(), lock.specName(), lock.specSha256(), lock.distribution(), lock.sourceDateEpoch(),
                lock.sourceDateEpochPolicy(), lock.suites(), subset, lock.base());
    }

    public static Lockfile.LockedPackage locked(ArchivePackage p) {
        return new Lockfile.LockedPackage(p.name(), p.version().toString(), p.architecture(), p.source(),
                p.sourceVersion().toString(), p.suite(), p.component(), p.filename(), p.size(), p.sha256());
    }

    private static Lockfile readQuietly(Path path) {
        try {
            return LockfileCodec.read(path);
        } catch (LockfileException e) {
            return null;
        }
    }

    private static boolean sameBytes(Path path, byte[] bytes) {
        try {
            return Files.isRegularFile(path) && Arrays.equals(Files.readAllBytes(path), bytes);
        } catch (IOException e) {
            return false;
        }
    }

}
