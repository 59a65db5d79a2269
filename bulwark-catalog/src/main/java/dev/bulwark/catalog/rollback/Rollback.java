package dev.bulwark.catalog.rollback;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.release.Release;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.ref.ReferenceParseException;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.oci.transport.Transports;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code catalog rollback IMAGE --to BUILD|DIGEST}: writes each moving tag of the image back to the target build,
 * from the build's own immutable (timestamped) tag in the same repository or layout. Every target is checked
 * first (the immutable tag still resolves, to the digest the catalog recorded, and the manifest's bytes match
 * it); only then are tags written, and then the catalog records the move and announces it as a release.
 */
public final class Rollback {
    private final Catalog catalog;
    private final RegistryOptions registry;
    private final Clock clock;

    public Rollback(Catalog catalog, RegistryOptions registry, Clock clock) {
        this.catalog = catalog;
        this.registry = registry;
        this.clock = clock;
    }

    /** One moving tag and where its bytes come from. */
    private record Move(Publication moving, ImageReference movingRef, Publication immutable, Store store,
            Descriptor descriptor, byte[] manifest) {
    }

    public RollbackResult rollback(String image, String to) throws BulwarkException {
        BuildSummary target = target(image, to);
        List<Publication> publications = catalog.publications(image);
        List<Move> moves = new ArrayList<>();
        for (Publication p : publications) {
            if (p.kind() == Publication.Kind.MOVING && p.replacedAt() == null && !p.digest().equals(target.digest())) {
                moves.add(verified(image, target, p, publications));
            }
        }
        if (moves.isEmpty()) {
            return new RollbackResult(image, target.number(), target.digest(), List.of(), null);
        }
        List<Publication> moved = new ArrayList<>();
        for (Move m : moves) {
            String tag = Transports.reference(m.movingRef());
            m.store().putManifest(m.descriptor().mediaType(), m.manifest(), tag);
            moved.add(new Publication(m.moving().reference(), m.immutable().digest(), Publication.Kind.MOVING, 0,
                    clock.instant(), null));
        }
        Release release = catalog.recordRollback(image, target.number(), moved);
        return new RollbackResult(image, target.number(), target.digest(), moved, release);
    }

    /** BUILD is a build number; DIGEST the build's index or one of its platform manifests. */
    private BuildSummary target(String image, String to) throws CatalogException {
        if (to.matches("[0-9]{1,9}")) {
            return catalog.build(image, Integer.parseInt(to));
        }
        if (!to.matches("sha256:[0-9a-f]{64}")) {
            throw new CatalogException(Kind.BAD_INPUT, "cannot roll back " + image + " to '" + to + "': give a build "
                    + "number or a sha256: digest; 'bulwark catalog history " + image + "' lists them");
        }
        for (BuildSummary b : catalog.builds(image)) {
            if (b.digest().equals(to) || b.platforms().stream().map(PlatformBuild::manifestDigest).anyMatch(to::equals)) {
                return b;
            }
        }
        throw new CatalogException(Kind.BAD_INPUT, "cannot roll back " + image + " to " + to + ": no build of it has "
                + "that digest; 'bulwark catalog history " + image + "' lists them");
    }

    private Move verified(String image, BuildSummary target, Publication moving, List<Publication> all)
            throws BulwarkException {
        ImageReference movingRef = parse(moving.reference());
        String where = storeOf(movingRef);
        for (Publication p : all) {
            if (p.build() != target.number() || p.kind() != Publication.Kind.IMMUTABLE) {
                continue;
            }
            ImageReference ref = parse(p.reference());
            if (!storeOf(ref).equals(where)) {
                continue;
            }
            Store store = Transports.openStore(ref, registry);
            Descriptor d = store.resolve(Transports.reference(ref)).orElseThrow(() -> new CatalogException(
                    Kind.ENVIRONMENT, "cannot roll back " + image + " to build " + target.number() + ": its tag "
                    + p.reference() + " is gone; the release cannot be restored from it"));
            if (!d.digest().toString().equals(p.digest())) {
                throw new CatalogException(Kind.ENVIRONMENT, "cannot roll back " + image + " to build " + target.number()
                        + ": " + p.reference() + " now holds " + d.digest() + ", not the recorded " + p.digest()
                        + "; an immutable tag was overwritten, check the repository");
            }
            return new Move(moving, movingRef, p, store, d, store.manifest(d));
        }
        throw new CatalogException(Kind.BAD_INPUT, "cannot roll back " + moving.reference() + " to build "
                + target.number() + " of " + image + ": that build has no immutable tag in " + where
                + "; roll back to a build published there ('bulwark catalog history " + image + "')");
    }

    /** The repository or layout a reference writes to. */
    private static String storeOf(ImageReference ref) {
        if (ref instanceof ImageReference.OciLayout l) {
            return "oci:" + l.dir();
        }
        if (ref instanceof ImageReference.Registry r) {
            return "docker://" + r.host() + "/" + r.repository();
        }
        return ref.toString();
    }

    private static ImageReference parse(String stored) throws CatalogException {
        try {
            return ImageReference.parse(stored);
        } catch (ReferenceParseException e) {
            throw new CatalogException(Kind.BAD_INPUT, "cannot use the catalogued reference " + stored + ": "
                    + e.getMessage(), e);
        }
    }
}
