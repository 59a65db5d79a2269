package dev.bulwark.catalog.store;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.BuildDiff;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.CatalogEvent;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.model.ImageDefinition;
import dev.bulwark.catalog.model.NewBuild;
import dev.bulwark.catalog.model.PackageUse;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.costs.BuildCost;
import dev.bulwark.catalog.release.Release;
import dev.bulwark.catalog.webhook.Outbox;
import dev.bulwark.core.BulwarkException.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The catalog's operations: define images, record builds, and the read verbs (list, show, packages, who-uses,
 * history, diff). Each write is one transaction, so a failure leaves nothing half-recorded; each read sees one
 * consistent state.
 */
public final class Catalog {
    private final CatalogDatabase db;
    private final Clock clock;

    public Catalog(CatalogDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public static Catalog open(CatalogLocation location, Duration busyTimeout, Clock clock) throws CatalogException {
        return new Catalog(CatalogDatabase.open(location, busyTimeout), clock);
    }

    public CatalogLocation location() {
        return db.location();
    }

    /** The database under the catalog, for the modules that keep their own tables in it (webhooks). */
    public CatalogDatabase database() {
        return db;
    }

    /** Adds the image, or updates its definition when it is catalogued already; true when it was new. */
    public boolean define(ImageDefinition d) throws CatalogException {
        return db.transaction("record image " + d.name(), c -> {
            long now = clock.millis();
            OptionalLong existing = ImageRows.id(c, d.name());
            long id;
            if (existing.isPresent()) {
                id = existing.getAsLong();
                ImageRows.update(c, id, d, now);
            } else {
                id = ImageRows.insert(c, d, now);
            }
            ImageRows.replaceTargets(c, id, d.publishTargets());
            PublicationRows.event(c, now, existing.isPresent() ? "image.updated" : "image.added", id, null,
                    (existing.isPresent() ? "updated from " : "added from ") + d.specPath());
            return existing.isEmpty();
        });
    }

    /** Records a build of a catalogued image and makes it the image's current one; returns its number. */
    public int recordBuild(NewBuild b) throws CatalogException {
        return recordBuild(b, null);
    }

    /**
     * Records a build as {@link #recordBuild(NewBuild)} and, in the same transaction, the VEX status of its scan's
     * findings ({@code vex}: null when the image carries no VEX documents).
     */
    public int recordBuild(NewBuild b, List<dev.bulwark.catalog.vex.VexFinding> vex) throws CatalogException {
        return recordBuild(b, vex, null).orElseThrow();
    }

    /**
     * A condition the transaction that records a build checks first, on its own connection, so that nothing can
     * change it between the check and the record (a worker's attempt: it still owns its rebuild request).
     */
    @FunctionalInterface
    public interface Guard {
        boolean holds(Connection c) throws SQLException;
    }

    /**
     * Records a build as {@link #recordBuild(NewBuild, List)} when {@code guard} (may be null) holds in the same
     * transaction; empty, recording nothing, when it does not.
     */
    public java.util.OptionalInt recordBuild(NewBuild b, List<dev.bulwark.catalog.vex.VexFinding> vex, Guard guard)
            throws CatalogException {
        return db.transaction("record a build of " + b.image(), c -> {
            if (guard != null && !guard.holds(c)) {
                return java.util.OptionalInt.empty();
            }
            long now = clock.millis();
            long imageId = imageId(c, b.image());
            int number = ImageRows.nextBuildNumber(c, imageId);
            long buildId = BuildRows.insert(c, imageId, number, b);
            PackageRows.insert(c, buildId, b.packages());
            PublicationRows.insert(c, imageId, buildId, b.publications(), now);
            ImageRows.setCurrent(c, imageId, buildId, now);
            PublicationRows.event(c, now, "build.recorded", imageId, buildId, "build " + number + " (" + b.reason()
                    + "): " + b.packages().size() + " packages, " + b.platforms().size() + " platform(s)");
            for (Publication p : b.publications()) {
                PublicationRows.event(c, now, "published", imageId, buildId, p.reference() + " " + p.digest());
            }
            if (vex != null) {
                dev.bulwark.catalog.vex.BuildVex.insert(c, buildId, vex, now);
            }
            if (!b.publications().isEmpty()) {
                Outbox.enqueue(c, ReleaseRows.record(c, Release.Kind.RELEASED, imageId, buildId, now), now);
            }
            return java.util.OptionalInt.of(number);
        });
    }

    /** The update policies the watcher knows: rebuild for security fixes only, or for any newer package. */
    public static final List<String> UPDATE_POLICIES = List.of("security", "always-update");

    /**
     * Sets what the watcher rebuilds {@code image} for ({@link #UPDATE_POLICIES}) and records the change as an event;
     * true when the policy changed.
     */
    public boolean setUpdatePolicy(String image, String policy) throws CatalogException {
        if (!UPDATE_POLICIES.contains(policy)) {
            throw new CatalogException(Kind.BAD_INPUT, "cannot set the update policy of " + image + " to '" + policy
                    + "': give " + String.join(" or ", UPDATE_POLICIES));
        }
        return db.transaction("set the update policy of " + image, c -> {
            long now = clock.millis();
            long id = imageId(c, image);
            try (PreparedStatement s = c.prepareStatement("UPDATE images SET update_policy = ?, updated_at = ? "
                    + "WHERE id = ? AND update_policy <> ?")) {
                s.setString(1, policy);
                s.setLong(2, now);
                s.setLong(3, id);
                s.setString(4, policy);
                if (s.executeUpdate() == 0) {
                    return false;
                }
            }
            PublicationRows.event(c, now, "image.policy", id, null, "update policy set to " + policy);
            return true;
        });
    }

    /** Records an event about an image (a failed build, a decision); the image must be catalogued. */
    public void recordEvent(String image, String kind, String message) throws CatalogException {
        db.transaction("record an event for " + image, c -> {
            PublicationRows.event(c, clock.millis(), kind, imageId(c, image), null, message);
            return null;
        });
    }

    public List<CatalogImage> images() throws CatalogException {
        return db.read("list images", c -> {
            List<CatalogImage> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + ImageRows.COLUMNS + " FROM images i ORDER BY i.name");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(image(c, rs));
                }
            }
            return out;
        });
    }

    /** The image named {@code name}; a clear BAD_INPUT error when the catalog has none. */
    public CatalogImage image(String name) throws CatalogException {
        return find(name).orElseThrow(() -> noImage(name));
    }

    /** The image named {@code name}, when it is catalogued. */
    public Optional<CatalogImage> find(String name) throws CatalogException {
        return db.read("read image " + name, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + ImageRows.COLUMNS + " FROM images i WHERE i.name = ?")) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(image(c, rs)) : Optional.<CatalogImage>empty();
                }
            }
        });
    }

    /** Every build of the image, newest first. */
    public List<BuildSummary> builds(String image) throws CatalogException {
        return db.read("read the builds of " + image, c -> {
            List<BuildSummary> out = new ArrayList<>();
            for (long id : BuildRows.ids(c, imageId(c, image))) {
                out.add(BuildRows.summary(c, id));
            }
            return out;
        });
    }

    /** Build {@code number} of the image; 0 means its newest build. */
    public BuildSummary build(String image, int number) throws CatalogException {
        return db.read("read build " + number + " of " + image, c -> BuildRows.summary(c, buildId(c, image, number)));
    }

    /** The packages of build {@code number} (0: the newest), by architecture and name. */
    public List<BuiltPackage> packages(String image, int number) throws CatalogException {
        return db.read("read the packages of " + image, c -> PackageRows.ofBuild(c, buildId(c, image, number)));
    }

    public List<Vulnerability> findings(String image, int number) throws CatalogException {
        return db.read("read the findings of " + image, c -> BuildRows.findings(c, buildId(c, image, number)));
    }

    /** Where the image was published, newest first, moving tags with the time they moved on. */
    public List<Publication> publications(String image) throws CatalogException {
        return db.read("read the publications of " + image, c -> PublicationRows.ofImage(c, imageId(c, image)));
    }

    public List<CatalogEvent> events(String image) throws CatalogException {
        return db.read("read the events of " + image, c -> PublicationRows.events(c, imageId(c, image)));
    }

    /**
     * Images whose newest build (every build with {@code allBuilds}) installs binary or source package {@code name},
     * at {@code version} when not null.
     */
    public List<PackageUse> whoUses(String name, String version, boolean allBuilds) throws CatalogException {
        return db.read("find the images using " + name, c -> PackageRows.whoUses(c, name, version, allBuilds));
    }

    /** What changed between builds {@code from} and {@code to} of the image. */
    public BuildDiff diff(String image, int from, int to) throws CatalogException {
        return db.read("compare builds " + from + " and " + to + " of " + image, c -> {
            long a = buildId(c, image, from);
            long b = buildId(c, image, to);
            return Diffs.between(image, BuildRows.summary(c, a), BuildRows.summary(c, b), PackageRows.ofBuild(c, a),
                    PackageRows.ofBuild(c, b), BuildRows.findings(c, a), BuildRows.findings(c, b));
        });
    }

    /** Releases newest first, at most {@code limit}: of {@code image}, or of every image when it is null. */
    public List<Release> releases(String image, int limit) throws CatalogException {
        return db.read("read the releases" + (image == null ? "" : " of " + image),
                c -> ReleaseRows.list(c, image == null ? null : imageId(c, image), limit));
    }

    /**
     * Records that the image's moving tags were written back to build {@code number} ({@code moved}: the moving
     * references, now at that build): the publications, the image's current build (so who-uses, show and the
     * watcher see the release that is served), an event, and a release announced to the webhooks, in one
     * transaction. Returns the release.
     */
    public Release recordRollback(String image, int number, List<Publication> moved) throws CatalogException {
        return db.transaction("record the rollback of " + image, c -> {
            long now = clock.millis();
            long imageId = imageId(c, image);
            ImageRows.lock(c, imageId, now);
            long buildId = buildId(c, image, number);
            PublicationRows.insert(c, imageId, buildId, moved, now);
            ImageRows.setCurrent(c, imageId, buildId, now); // the release users get is the image's current build
            PublicationRows.event(c, now, "rolled-back", imageId, buildId, "moved " + moved.size() + " tag(s) to build "
                    + number + ": " + String.join(" ", moved.stream().map(Publication::reference).toList()));
            Release release = ReleaseRows.record(c, Release.Kind.ROLLED_BACK, imageId, buildId, now);
            Outbox.enqueue(c, release, now);
            return release;
        });
    }

    /** Every build started at or after {@code since}, oldest first, with what it cost. */
    public List<BuildCost> buildCosts(Instant since) throws CatalogException {
        return db.read("read the build costs", c -> BuildRows.costs(c, since.toEpochMilli()));
    }

    public Instant now() {
        return clock.instant();
    }

    private static CatalogImage image(Connection c, ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        ImageDefinition d = ImageRows.definition(rs, ImageRows.targets(c, id));
        long current = rs.getLong(12);
        BuildSummary build = rs.wasNull() ? null : BuildRows.summary(c, current);
        return new CatalogImage(d, rs.getString(9), Instant.ofEpochMilli(rs.getLong(10)), Instant.ofEpochMilli(rs.getLong(11)),
                build);
    }

    private static long imageId(Connection c, String name) throws SQLException, CatalogException {
        OptionalLong id = ImageRows.id(c, name);
        if (id.isEmpty()) {
            throw noImage(name);
        }
        return id.getAsLong();
    }

    private static long buildId(Connection c, String image, int number) throws SQLException, CatalogException {
        long imageId = imageId(c, image);
        if (number == 0) {
            List<Long> ids = BuildRows.ids(c, imageId);
            if (ids.isEmpty()) {
                throw new CatalogException(Kind.BAD_INPUT, "cannot read the builds of " + image + ": it has none yet; "
                        + "run 'bulwark catalog add' with its spec");
            }
            return ids.get(0);
        }
        long id = BuildRows.id(c, imageId, number);
        if (id < 0) {
            throw new CatalogException(Kind.BAD_INPUT, "cannot read build " + number + " of " + image + ": no such build;"
                    + " 'bulwark catalog history " + image + "' lists them");
        }
        return id;
    }

    private static CatalogException noImage(String name) {
        return new CatalogException(Kind.BAD_INPUT, "cannot find image " + name + " in the catalog: it is not catalogued;"
                + " 'bulwark catalog list' shows what is, 'bulwark catalog add SPEC' adds one");
    }
}
