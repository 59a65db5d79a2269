package dev.bulwark.catalog.store;

import static dev.bulwark.catalog.store.Synthetic.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.BuildDiff;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.model.NewBuild;
import dev.bulwark.catalog.model.PackageUse;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.core.BulwarkException.Kind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every catalog database must do, run against SQLite ({@code SqliteCatalogTest}) and a real PostgreSQL
 * ({@code PostgresCatalogIT}). Each test gets a new, empty database from {@link #newLocation()}.
 */
abstract class CatalogContract {
    final TestClock clock = new TestClock(T0);
    CatalogLocation location;
    Catalog catalog;

    /** A fresh, empty catalog database. */
    abstract CatalogLocation newLocation() throws Exception;

    /** A plain JDBC connection to the same database, to look under the catalog or tamper with it. */
    abstract Connection rawConnection() throws Exception;

    @BeforeEach
    void openCatalog() throws Exception {
        location = newLocation();
        catalog = Catalog.open(location, Duration.ofSeconds(5), clock);
    }

    @Test
    void define_addsAnImageThenUpdatesItsDefinition() throws Exception {
        assertThat(catalog.define(Synthetic.image("python3", "oci:/out/python3:latest"))).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(catalog.define(Synthetic.image("python3", "docker://127.0.0.1:5000/python3:3", "oci:/o:1"))).isFalse();

        CatalogImage image = catalog.image("python3");
        assertThat(image.definition().publishTargets()).containsExactly("docker://127.0.0.1:5000/python3:3", "oci:/o:1");
        assertThat(image.definition().archs()).containsExactly("amd64", "arm64");
        assertThat(image.createdAt()).isEqualTo(T0);
        assertThat(image.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(image.current()).isNull();
        assertThat(catalog.images()).extracting(CatalogImage::name).containsExactly("python3");
        assertThat(catalog.events("python3")).extracting(e -> e.kind()).containsExactly("image.added", "image.updated");
    }

    @Test
    void recordBuild_numbersBuildsPerImageAndMakesTheNewestCurrent() throws Exception {
        catalog.define(Synthetic.image("a"));
        catalog.define(Synthetic.image("b"));
        assertThat(catalog.recordBuild(Synthetic.build("a", "libc6=2.41-12/glibc=2.41-12"))).isEqualTo(1);
        assertThat(catalog.recordBuild(Synthetic.build("b", "libc6=2.41-12/glibc=2.41-12"))).isEqualTo(1);
        assertThat(catalog.recordBuild(Synthetic.build("a", "libc6=2.41-12+deb13u1/glibc=2.41-12+deb13u1"))).isEqualTo(2);

        BuildSummary current = catalog.image("a").current();
        assertThat(current.number()).isEqualTo(2);
        assertThat(current.packageCount()).isEqualTo(2);
        assertThat(current.platforms()).extracting(p -> p.platform()).containsExactly("linux/amd64", "linux/arm64/v8");
        assertThat(current.duration()).isEqualTo(Duration.ofMillis(1234));
        assertThat(current.compressedBytes()).isEqualTo(2 * 400 + 2 * 410);
        assertThat(catalog.builds("a")).extracting(BuildSummary::number).containsExactly(2, 1);
        assertThat(catalog.build("a", 1).lockSha256()).isNotEqualTo(current.lockSha256());
    }

    @Test
    void packages_areReadBackPerArchitectureWithTheirSources() throws Exception {
        catalog.define(Synthetic.image("a"));
        NewBuild b = Synthetic.build("a", "libssl3t64=3.5.1-1/openssl=3.5.1-1", "zlib1g=1:1.3.dfsg-3/zlib=1:1.3.dfsg-3");
        catalog.recordBuild(b);

        List<BuiltPackage> read = catalog.packages("a", 0);
        assertThat(read).containsExactlyInAnyOrderElementsOf(b.packages());
        assertThat(read).extracting(p -> p.arch() + " " + p.name())
                .containsExactly("amd64 libssl3t64", "amd64 zlib1g", "arm64 libssl3t64", "arm64 zlib1g");
    }

    @Test
    void whoUses_findsTheCurrentBuildsOfManyImagesByBinaryOrSourceAndVersion() throws Exception {
        int images = 60;
        for (int i = 0; i < images; i++) {
            String name = String.format("img%03d", i);
            catalog.define(Synthetic.image(name));
            // Every image was first built with the old openssl; every third one was rebuilt with the fix.
            catalog.recordBuild(Synthetic.build(name, "libssl3t64=3.5.1-1/openssl=3.5.1-1", "libc6=2.41-12/glibc=2.41-12",
                    "tool" + i + "=1.0"));
            if (i % 3 == 0) {
                catalog.recordBuild(Synthetic.build(name, "libssl3t64=3.5.1-1+deb13u1/openssl=3.5.1-1+deb13u1",
                        "libc6=2.41-12/glibc=2.41-12", "tool" + i + "=1.0"));
            }
        }

        List<PackageUse> old = catalog.whoUses("libssl3t64", "3.5.1-1", false);
        assertThat(imagesOf(old)).hasSize(images - images / 3).allMatch(n -> Integer.parseInt(n.substring(3)) % 3 != 0);
        assertThat(old).allMatch(PackageUse::current).extracting(PackageUse::arch).containsOnly("amd64", "arm64");
        assertThat(imagesOf(catalog.whoUses("openssl", "3.5.1-1+deb13u1", false))).hasSize(images / 3);
        assertThat(imagesOf(catalog.whoUses("openssl", null, false))).hasSize(images);
        assertThat(imagesOf(catalog.whoUses("glibc", null, false))).hasSize(images);
        assertThat(imagesOf(catalog.whoUses("tool7", null, false))).containsExactly("img007");
        assertThat(catalog.whoUses("libssl3t64", "3.5.1-1", true)).extracting(PackageUse::image).hasSize(2 * images);
        assertThat(catalog.whoUses("libssl3t64", "3.5.1-1", true)).filteredOn(u -> !u.current())
                .extracting(PackageUse::build).containsOnly(1);
        assertThat(catalog.whoUses("no-such-package", null, true)).isEmpty();
    }

    @Test
    void history_keepsTimestampedTagsAndClosesMovingTagsWhenTheyMove() throws Exception {
        catalog.define(Synthetic.image("a", "docker://127.0.0.1:5000/a:1"));
        catalog.recordBuild(Synthetic.build("a", Synthetic.packages("libc6=2.41-12"), List.of(
                Synthetic.published("docker://127.0.0.1:5000/a:1-20261120T100000Z", Publication.Kind.IMMUTABLE, "one"),
                Synthetic.published("docker://127.0.0.1:5000/a:1", Publication.Kind.MOVING, "one")), null, List.of()));
        clock.advance(Duration.ofHours(3));
        catalog.recordBuild(Synthetic.build("a", Synthetic.packages("libc6=2.41-12+deb13u1"), List.of(
                Synthetic.published("docker://127.0.0.1:5000/a:1-20261120T130000Z", Publication.Kind.IMMUTABLE, "two"),
                Synthetic.published("docker://127.0.0.1:5000/a:1", Publication.Kind.MOVING, "two")), null, List.of()));

        List<Publication> history = catalog.publications("a");
        assertThat(history).hasSize(4);
        List<Publication> moving = history.stream().filter(p -> p.kind() == Publication.Kind.MOVING).toList();
        assertThat(moving).extracting(Publication::build).containsExactly(2, 1);
        assertThat(moving.get(0).replacedAt()).isNull();
        assertThat(moving.get(1).replacedAt()).isEqualTo(T0.plus(Duration.ofHours(3)));
        assertThat(history.stream().filter(p -> p.kind() == Publication.Kind.IMMUTABLE))
                .allMatch(p -> p.replacedAt() == null).hasSize(2);
    }

    @Test
    void diff_reportsPackagesFindingsAndSizeBetweenTwoBuilds() throws Exception {
        catalog.define(Synthetic.image("a"));
        Vulnerability old = new Vulnerability("CVE-2025-0001", "libssl3t64", "3.5.1-1", "3.5.1-1+deb13u1", "high");
        Vulnerability kept = new Vulnerability("CVE-2025-0002", "libc6", "2.41-12", null, "low");
        Vulnerability fresh = new Vulnerability("CVE-2025-0003", "newlib", "1.0", null, "low");
        catalog.recordBuild(Synthetic.build("a", Synthetic.packages("libssl3t64=3.5.1-1", "libc6=2.41-12", "gone=1"),
                List.of(), Synthetic.scan(1, 1), List.of(old, kept)));
        catalog.recordBuild(Synthetic.build("a", Synthetic.packages("libssl3t64=3.5.1-1+deb13u1", "libc6=2.41-12",
                "newlib=1.0", "more=2"), List.of(), Synthetic.scan(0, 2), List.of(kept, fresh)));

        BuildDiff diff = catalog.diff("a", 1, 2);
        assertThat(diff.packages()).extracting(c -> c.arch() + " " + c.name() + " " + c.fromVersion() + " -> " + c.toVersion())
                .containsExactly("amd64 gone 1 -> null", "amd64 libssl3t64 3.5.1-1 -> 3.5.1-1+deb13u1",
                        "amd64 more null -> 2", "amd64 newlib null -> 1.0",
                        "arm64 gone 1 -> null", "arm64 libssl3t64 3.5.1-1 -> 3.5.1-1+deb13u1",
                        "arm64 more null -> 2", "arm64 newlib null -> 1.0");
        assertThat(diff.fixed()).containsExactly(old);
        assertThat(diff.introduced()).containsExactly(fresh);
        assertThat(diff.bothScanned()).isTrue();
        assertThat(diff.compressedBytesDelta()).isEqualTo(2 * 400 + 2 * 410);
        assertThat(diff.to().scan().high()).isZero();
    }

    @Test
    void recordBuild_thatFailsHalfwayLeavesNothingBehind() throws Exception {
        catalog.define(Synthetic.image("a"));
        List<BuiltPackage> twice = new ArrayList<>(Synthetic.packages("libc6=2.41-12"));
        twice.add(twice.get(0)); // the same package twice on one arch: refused by the database after the build row
        NewBuild bad = Synthetic.build("a", twice, List.of(Synthetic.published("oci:/o:1", Publication.Kind.MOVING, "x")),
                Synthetic.scan(1, 0), List.of());

        assertThatThrownBy(() -> catalog.recordBuild(bad)).isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("cannot record a build of a in catalog ");
        assertThat(catalog.builds("a")).isEmpty();
        assertThat(catalog.publications("a")).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM build_platforms") + count("SELECT COUNT(*) FROM build_scans")
                + count("SELECT COUNT(*) FROM packages")).isZero();
        // The build number was not used up either.
        assertThat(catalog.recordBuild(Synthetic.build("a", "libc6=2.41-12"))).isEqualTo(1);
    }

    @Test
    void readVerbs_refuseAnImageThatIsNotCatalogued() {
        assertThatThrownBy(() -> catalog.image("nope")).isInstanceOf(CatalogException.class)
                .hasMessageContaining("cannot find image nope in the catalog").extracting(e -> ((CatalogException) e).kind())
                .isEqualTo(Kind.BAD_INPUT);
        assertThatThrownBy(() -> catalog.recordBuild(Synthetic.build("nope", "x=1"))).isInstanceOf(CatalogException.class);
    }

    @Test
    void builds_refuseABuildNumberThatDoesNotExist() throws Exception {
        catalog.define(Synthetic.image("a"));
        catalog.recordBuild(Synthetic.build("a", "x=1"));
        assertThatThrownBy(() -> catalog.diff("a", 1, 7)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("cannot read build 7 of a: no such build");
    }

    @Test
    void open_refusesACatalogWithANewerSchemaNamingBothVersions() throws Exception {
        int future = CatalogDatabase.SCHEMA_VERSION + 1;
        try (Connection c = rawConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, installed_on, execution_time, success) VALUES (99, '" + future + "', 'future', "
                    + "'SQL', 'V" + future + "__future.sql', 0, 'test', CURRENT_TIMESTAMP, 1, " + (this instanceof SqliteCatalogTest ? "1" : "TRUE")
                    + ")");
        }
        assertThatThrownBy(() -> Catalog.open(location, Duration.ofSeconds(1), clock)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("its schema is version " + future + ", newer than the version " + CatalogDatabase.SCHEMA_VERSION)
                .extracting(e -> ((CatalogException) e).kind()).isEqualTo(Kind.BAD_INPUT);
    }

    @Test
    void open_again_keepsWhatWasRecorded() throws Exception {
        catalog.define(Synthetic.image("a"));
        catalog.recordBuild(Synthetic.build("a", "x=1"));
        long migrations = count("SELECT COUNT(*) FROM flyway_schema_history WHERE success");
        Catalog again = Catalog.open(location, Duration.ofSeconds(5), clock);
        assertThat(again.image("a").current().number()).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM flyway_schema_history WHERE success")).isEqualTo(migrations);
    }

    @Test
    void concurrentWriters_eachRecordEveryBuildWithDistinctNumbers() throws Exception {
        catalog.define(Synthetic.image("shared"));
        int writers = 4;
        int each = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                Catalog own = Catalog.open(location, Duration.ofSeconds(30), clock); // its own connections
                results.add(pool.submit(() -> {
                    List<Integer> numbers = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        numbers.add(own.recordBuild(Synthetic.build("shared", "w" + writer + "=" + i, "libc6=2.41-12")));
                    }
                    return numbers;
                }));
            }
            Set<Integer> numbers = new HashSet<>();
            for (Future<List<Integer>> f : results) {
                numbers.addAll(f.get());
            }
            assertThat(numbers).hasSize(writers * each).allMatch(n -> n >= 1 && n <= writers * each);
        } finally {
            pool.shutdownNow();
        }
        assertThat(catalog.builds("shared")).hasSize(writers * each);
        assertThat(catalog.image("shared").current().number()).isEqualTo(writers * each);
    }

    long count(String sql) throws Exception {
        try (Connection c = rawConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> imagesOf(List<PackageUse> uses) {
        return uses.stream().map(PackageUse::image).distinct().toList();
    }

    static Connection jdbc(String url, String user) throws Exception {
        return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, "");
    }
}
