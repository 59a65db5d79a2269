package dev.bulwark.builder.customize;

import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.lock.LockRequest;
import dev.bulwark.builder.lock.LockResult;
import dev.bulwark.builder.lock.Locker;
import dev.bulwark.builder.resolve.SpecResolution;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.SuiteRelease;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecLines;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import dev.bulwark.spec.lock.LockfileException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Locks a customization: the packages it adds (only those: the base's stay in the base's own lock), the base's
 * distribution and suites as verified now, and the base image pinned by digest, so a build refuses a base that moved.
 */
final class CustomLocker {
    static final String POLICY = "newest of the base's SOURCE_DATE_EPOCH and the Date of the InRelease files that "
            + "supply added packages; kept unchanged while the base and the added packages stay the same";
    static final String POLICY_ENV = "SOURCE_DATE_EPOCH from the environment";

    private final CustomResolver resolver;
    private final Locker locker;

    CustomLocker(CustomResolver resolver, Locker locker) {
        this.resolver = resolver;
        this.locker = locker;
    }

    LockResult lock(LockRequest request, SpecLines lines, BaseImage base, List<String> archs, Progress progress)
            throws BulwarkException {
        Spec spec = request.spec();
        dev.bulwark.core.Writable.target(request.lockPath(), "the lockfile",
                "make its directory writable or pass another path");
        SpecResolution resolution = resolver.resolve(spec, lines, base, archs, progress);
        Lockfile previous = readQuietly(request);
        Map<String, List<Lockfile.LockedPackage>> packages = new LinkedHashMap<>();
        resolution.byArch().forEach((arch, r) -> packages.put(arch,
                r.packages().stream().map(s -> Locker.locked(s.pkg())).toList()));
        Set<String> contributing = resolution.byArch().values().stream().flatMap(r -> r.packages().stream())
                .map(s -> s.pkg().suite()).collect(Collectors.toSet());
        List<Lockfile.LockedSuite> suites = new ArrayList<>();
        long newest = base.lock().sourceDateEpoch();
        for (SuiteRelease s : resolution.suites()) {
            Instant date = s.release().date();
            suites.add(new Lockfile.LockedSuite(s.suite(), "dists/" + s.suite() + "/InRelease", s.inReleaseSha256(),
                    date == null ? "" : date.toString()));
            if (date != null && contributing.contains(s.suite())) {
                newest = Math.max(newest, date.getEpochSecond());
            }
        }
        Lockfile.BaseImage pin = base.pin();
        long epoch;
        String policy;
        if (request.sourceDateEpoch() != null) {
            epoch = request.sourceDateEpoch();
            policy = POLICY_ENV;
        } else {
            boolean keep = previous != null && packages.equals(previous.archs()) && pin.equals(previous.base())
                    && POLICY.equals(previous.sourceDateEpochPolicy());
            epoch = keep ? previous.sourceDateEpoch() : newest;
            policy = POLICY;
        }
        Lockfile lock = new Lockfile(Lockfile.versionFor(pin), spec.name(), spec.sha256(),
                base.lock().distribution(), epoch, policy, suites, packages, pin);
        DebFetcher.FetchResult fetched = request.fetch()
                ? locker.fetch(Locker.only(lock, request.fetchArchs().isEmpty() ? archs : request.fetchArchs()), progress)
                : null;
        byte[] bytes = LockfileCodec.encode(lock);
        boolean changed = !sameBytes(request, bytes);
        if (changed) {
            LockfileCodec.write(lock, request.lockPath());
        }
        return new LockResult(lock, request.lockPath(), changed, resolution, fetched, previous);
    }

    /** A build from {@code lock} needs the base it pinned: the same reference resolving to the same digest. */
    static void checkPinned(Spec spec, Lockfile lock, BaseImage base, java.nio.file.Path lockPath)
            throws BuildException {
        if (lock.base() == null || !lock.base().equals(base.pin())) {
            throw new BuildException(Kind.BAD_INPUT, "cannot build " + spec.file() + " from " + lockPath + ": the lock "
                    + "pins base " + (lock.base() == null ? "none" : lock.base().reference() + "@" + lock.base().digest())
                    + ", but '" + base.name() + "' is now " + base.digest() + "; run 'bulwark lock " + spec.file()
                    + "' to customize the base as it is now");
        }
    }

    private static Lockfile readQuietly(LockRequest request) {
        try {
            return Files.isRegularFile(request.lockPath()) ? LockfileCodec.read(request.lockPath()) : null;
        } catch (LockfileException e) {
            return null;
        }
    }

    private static boolean sameBytes(LockRequest request, byte[] bytes) {
        try {
            return Files.isRegularFile(request.lockPath())
                    && Arrays.equals(Files.readAllBytes(request.lockPath()), bytes);
        } catch (IOException e) {
            return false;
        }
    }
}
