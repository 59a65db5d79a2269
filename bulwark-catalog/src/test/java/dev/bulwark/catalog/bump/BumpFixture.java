package dev.bulwark.catalog.bump;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.ImageDefinition;
import dev.bulwark.catalog.model.NewBuild;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.ScanSummary;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.Sha256;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * An SQLite catalog with image {@code python3} published to {@code 127.0.0.1:5000/python3:3.13} (a moving tag and
 * a timestamped one per build): build 1 has CVE-2099-0001 in libssl3, build 2 does not. Image {@code node} is
 * published to {@code 127.0.0.1:5000/node:22}, one build.
 */
final class BumpFixture {
    static final String REGISTRY = "127.0.0.1:5000";
    static final String PY = REGISTRY + "/python3";
    final Catalog catalog;
    final MovingClock clock = new MovingClock(Instant.parse("2026-11-20T10:00:00Z"));

    BumpFixture(Path db) throws Exception {
        catalog = new Catalog(CatalogDatabase.open(new CatalogLocation.SqliteFile(db), Duration.ofSeconds(5)), clock);
        define("python3", "docker://" + PY + ":3.13");
        define("node", "docker://" + REGISTRY + "/node:22");
        record("python3", 1, List.of(new Vulnerability("CVE-2099-0001", "libssl3", "3.5.1-1", "3.5.1-2", "high")));
        record("node", 1, List.of());
        record("python3", 2, List.of());
    }

    private void define(String name, String target) throws Exception {
        String spec = "name: " + name + "\ndistribution: trixie\npackages: [libc6]\n";
        catalog.define(new ImageDefinition(name, "/specs/" + name + ".yaml", sha(spec), spec, "trixie", null,
                List.of("amd64", "arm64"), List.of(target)));
    }

    private void record(String image, int n, List<Vulnerability> findings) throws Exception {
        clock.advance(Duration.ofHours(1));
        String ref = image.equals("python3") ? "docker://" + PY + ":3.13" : "docker://" + REGISTRY + "/node:22";
        List<Publication> published = List.of(
                new Publication(ref + "-2026112" + n + "T100000Z", index(image, n), Publication.Kind.IMMUTABLE, 0,
                        clock.instant(), null),
                new Publication(ref, index(image, n), Publication.Kind.MOVING, 0, clock.instant(), null));
        List<BuiltPackage> packages = List.of(new BuiltPackage("amd64", "libssl3", n == 1 ? "3.5.1-1" : "3.5.1-2",
                "amd64", "openssl", "3.5.1-" + n, "trixie", "pool/main/o/libssl3.deb", 1000, sha("deb " + n)));
        catalog.recordBuild(new NewBuild(image, "test", sha("spec " + image), sha("lock " + image + n), "{}", 1L,
                index(image, n), List.of(new PlatformBuild("amd64", "linux/amd64", manifest(image, n, "amd64"),
                        sha256("c" + image + n), 2, 100), new PlatformBuild("arm64", "linux/arm64/v8",
                        manifest(image, n, "arm64"), sha256("d" + image + n), 2, 100)), packages, List.of(),
                new ScanSummary("test", clock.instant(), 0, findings.size(), 0, 0, 0, 0), findings, published,
                clock.instant(), Duration.ofSeconds(1)));
    }

    static String index(String image, int build) {
        return sha256("index " + image + " " + build);
    }

    static String manifest(String image, int build, String arch) {
        return sha256("manifest " + image + " " + build + " " + arch);
    }

    static String sha256(String seed) {
        return "sha256:" + sha(seed);
    }

    private static String sha(String s) {
        return Sha256.key(s, "bump-test");
    }

    /** A clock the fixture moves by hand, so each build's publications are later than the last. */
    static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
