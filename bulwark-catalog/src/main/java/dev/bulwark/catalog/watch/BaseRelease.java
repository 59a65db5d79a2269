package dev.bulwark.catalog.watch;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.spec.lock.Lockfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogued build a customization's lock is pinned on: the base's build whose published digest is the lock's
 * {@code base.digest}. A customization ships its base's packages as well as its own, so the watcher plans on both,
 * and a rebuild must land on the base's current release, not on an earlier one read before the base moved.
 */
final class BaseRelease {
    private BaseRelease() {
    }

    /** The build of catalogued image {@code base} that {@code lock} pins (its index or a platform's manifest). */
    static Optional<BuildSummary> pinned(Catalog catalog, String base, Lockfile lock) throws CatalogException {
        if (base == null || lock.base() == null) {
            return Optional.empty();
        }
        String digest = lock.base().digest();
        for (BuildSummary b : catalog.builds(base)) {
            if (digest.equals(b.indexDigest())
                    || b.platforms().stream().map(PlatformBuild::manifestDigest).anyMatch(digest::equals)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code lock} with the packages of the base build it pins added per architecture, for reading only (what the
     * planner and the SLA clocks look at); {@code lock} itself when the base is not catalogued.
     */
    static Lockfile withBasePackages(Catalog catalog, String base, Lockfile lock) throws CatalogException {
        Optional<BuildSummary> pinned = pinned(catalog, base, lock);
        if (pinned.isEmpty()) {
            return lock;
        }
        Map<String, List<Lockfile.LockedPackage>> archs = new LinkedHashMap<>();
        lock.archs().forEach((arch, own) -> archs.put(arch, new ArrayList<>(own)));
        for (BuiltPackage p : catalog.packages(base, pinned.get().number())) {
            List<Lockfile.LockedPackage> into = archs.get(p.arch());
            if (into != null && into.stream().noneMatch(o -> o.name().equals(p.name()))) {
                into.add(new Lockfile.LockedPackage(p.name(), p.version(), p.architecture(), p.source(),
                        p.sourceVersion(), p.suite(), "main", p.filename(), p.size(), p.sha256()));
            }
        }
        archs.values().forEach(l -> l.sort(Comparator.comparing(Lockfile.LockedPackage::name)));
        return new Lockfile(lock.version(), lock.specName(), lock.specSha256(), lock.distribution(),
                lock.sourceDateEpoch(), lock.sourceDateEpochPolicy(), lock.suites(), archs, lock.base());
    }

    /**
     * Refuses a customization's new lock that is not pinned on the current release of its catalogued base: building
     * it would publish an image on a superseded base.
     */
    static void checkOnCurrent(Catalog catalog, CatalogImage image, String base, Lockfile lock)
            throws BulwarkException {
        if (base == null) {
            return;
        }
        CatalogImage b = catalog.image(base);
        BuildSummary current = b.current();
        Optional<BuildSummary> pinned = pinned(catalog, base, lock);
        if (current != null && (pinned.isEmpty() || pinned.get().number() != current.number())) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot rebuild " + image.name() + " on its base " + base
                    + ": the re-lock pins " + (lock.base() == null ? "no base" : lock.base().reference() + "@"
                    + lock.base().digest()) + ", which is " + pinned.map(p -> "build " + p.number()).orElse("no catalogued "
                    + "build") + " of " + base + ", not its current release (build " + current.number() + ", "
                    + current.digest() + "); make the spec's base: name where the catalog publishes " + base);
        }
    }
}
