package dev.bulwark.catalog.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.builder.api.ArchiveSettings;
import dev.bulwark.builder.api.Workspace;
import dev.bulwark.builder.pipeline.ImageBuilder;
import dev.bulwark.catalog.add.AddRequest;
import dev.bulwark.catalog.add.CatalogAdd;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.catalog.watch.WatchRequest;
import dev.bulwark.catalog.watch.Watcher;
import dev.bulwark.catalog.watch.Workshop;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.MirrorConfig;
import dev.bulwark.debian.archive.RetryPolicy;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.layout.LayoutStore;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecParser;
import dev.bulwark.spec.lock.LockfileCodec;
import dev.bulwark.testkit.FakeArchive;
import dev.bulwark.testkit.FakeDeb;
import dev.bulwark.testkit.TestKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's attempt taken over mid-build (its worker thought dead, another attempt revived the request) runs the
 * real rebuild flow ({@code Watcher.rebuildNow}, {@code catalog add}) on the testkit's fake archive into an
 * {@code oci:} layout: the fence stops it before it moves the moving tag or records its build, the request's log
 * says so, and the attempt that owns the request publishes and records the build with its request.
 */
class AttemptFenceTest {
    static final TestKey KEY = TestKey.generate("Bulwark Attempt Fence Test <fence@example.invalid>");

    @TempDir
    Path dir;
    FakeArchive archive;
    CatalogDatabase db;
    Catalog catalog;
    JobStore store;
    Watcher watcher;
    WatchRequest watch;
    Path layout;
    String firstRelease;

    @BeforeEach
    void catalogueBuildOne() throws Exception {
        archive = FakeArchive.builder(KEY).archs("amd64")
                .add("trixie", "main", FakeDeb.builder("hello", "1.0-1", "amd64").build())
                .add("trixie-updates", "main", FakeDeb.builder("unrelated", "1.0-1", "all").build())
                .add("trixie-security", "main", FakeDeb.builder("unrelated", "1.0-1", "all").build()).start();
        Files.write(dir.resolve("archive.gpg"), KEY.publicKeyring());
        Path specFile = Files.writeString(dir.resolve("x.yaml"), "name: x\ndistribution: trixie\narchs: [amd64]\n"
                + "keyrings: [archive.gpg]\npackages: [hello]\n");
        Path cache = dir.resolve("cache");
        Workspace ws = Workspace.open(new ArchiveSettings(new MirrorConfig(archive.baseUrl(), null, "test"), cache, 2,
                List.of(dir.resolve("archive.gpg")), new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10)),
                "test"), Clock.systemUTC());
        db = CatalogDatabase.open(new CatalogLocation.SqliteFile(dir.resolve("catalog.db")), Duration.ofSeconds(10));
        catalog = new Catalog(db, Clock.systemUTC());
        store = new JobStore(db, Clock.systemUTC());
        layout = dir.resolve("out");
        Spec spec = new SpecParser().parse(specFile);
        new CatalogAdd(catalog, new ImageBuilder(ws.locker(), cache), Clock.systemUTC()).add(new AddRequest(spec,
                LockfileCodec.lockPathFor(specFile), List.of("amd64"), List.of(new ImageReference.OciLayout(layout,
                "latest")), new ImageReference.OciLayout(layout, "latest"), Compression.GZIP, null,
                RegistryOptions.defaults(), null, true, "by hand"), Progress.NONE);
        firstRelease = tag("latest");
        Workshop workshop = s -> new Workshop.Tools(ws.archive(), ws.fetcher(), new ImageBuilder(ws.locker(), cache),
                cache);
        watcher = new Watcher(catalog, db, workshop, Clock.systemUTC());
        watch = new WatchRequest(List.of(), "", RegistryOptions.defaults(), null, true, dir.resolve("staging"));
        // The archive moves on: a rebuild now has new content to publish.
        archive.publishUpdate("trixie", "main", FakeDeb.builder("hello", "1.0-2", "amd64").build(), Instant.now());
    }

    @AfterEach
    void stop() {
        archive.close();
    }

    @Test
    void attemptTakenOverWhileItReLocks_buildsNothing_andTheLogSaysSo() throws Exception {
        long id = new RebuildQueue(db, Clock.systemUTC()).enqueue("x", "hello 1.0-2", "ci", "api").orElseThrow()
                .job().id();
        List<String> out = takenOverWhen(line -> line.contains("Re-locking"), "w1");
        String stage = "before it built: it builds nothing, moves no tag and records no build; the newer attempt "
                + "publishes";
        assertThat(out).contains("[x] attempt 1 on w1 was taken over by a newer attempt " + stage)
                .noneMatch(l -> l.contains("Writing ") || l.contains("Assembling "));
        assertThat(catalog.builds("x")).hasSize(1);
        assertThat(store.get(id).orElseThrow().log()).contains("attempt 1 on w1 was taken over by w2 (attempt 2) "
                + stage + "; its result is dropped");
        assertThat(decision("worker-" + id + "-1")).containsExactly("taken-over", stage);
    }

    @Test
    void attemptTakenOverAfterItBuilt_movesNoTag_recordsNoBuild_andTheLogSaysSo_theNewAttemptPublishes()
            throws Exception {
        long id = new RebuildQueue(db, Clock.systemUTC()).enqueue("x", "hello 1.0-2", "ci", "api").orElseThrow()
                .job().id();
        List<String> out = takenOverWhen(line -> line.contains("Attaching SBOMs"), "w1");
        assertThat(tag("latest")).as("the moving tag stays on the first release").isEqualTo(firstRelease);
        assertThat(catalog.builds("x")).hasSize(1);
        assertThat(catalog.events("x")).extracting(e -> e.kind()).doesNotContain("build.failed", "rebuild.failed");
        String stage = "before it moved oci:" + layout + ":latest: it moves no further tag and records no build; the "
                + "newer attempt publishes";
        assertThat(out).contains("[x] attempt 1 on w1 was taken over by a newer attempt " + stage)
                .noneMatch(l -> l.contains("failed"));
        RebuildJob job = store.get(id).orElseThrow();
        assertThat(job.state()).isEqualTo("running");
        assertThat(job.worker()).isEqualTo("w2");
        assertThat(job.log()).contains("attempt 1 on w1 was taken over by w2 (attempt 2) " + stage
                + "; its result is dropped");
        assertThat(decision("worker-" + id + "-1")).as("a watch decision taken over, not failed")
                .containsExactly("taken-over", stage);

        // w2's attempt (the request's owner) rebuilds, moves the tag and records the build with its request.
        new RebuildRun(store, rebuilder(), "w2", Progress.NONE).run("x");
        job = store.get(id).orElseThrow();
        assertThat(job.state()).isEqualTo("done");
        assertThat(job.outcome()).isEqualTo("published");
        assertThat(job.build()).isEqualTo(2);
        assertThat(tag("latest")).isNotEqualTo(firstRelease).isEqualTo(catalog.build("x", 2).digest());
        assertThat(requestOf(2)).isEqualTo(id);
        assertThat(requestOf(1)).as("the build made by hand has no request").isNull();
    }

    @Test
    void attemptTakenOverAsItMovesItsTag_recordsNoBuild_andTheNewAttemptMovesTheTagAgainToTheSameDigest()
            throws Exception {
        long id = new RebuildQueue(db, Clock.systemUTC()).enqueue("x", "hello 1.0-2", "ci", "api").orElseThrow()
                .job().id();
        // Taken over between the fence's check and the tag's PUT: the one window a registry leaves open.
        takenOverWhen(line -> line.startsWith("[x] Moving "), "w1");
        String late = tag("latest");
        assertThat(late).as("the late attempt's tag PUT went through").isNotEqualTo(firstRelease);
        assertThat(catalog.builds("x")).as("but its record is fenced").hasSize(1);
        String stage = "after it moved its tags, before it recorded its build: it records none; the newer attempt "
                + "moves the tags again";
        assertThat(store.get(id).orElseThrow().log()).as("no claim that no tag moved").contains("attempt 1 on w1 was "
                + "taken over by w2 (attempt 2) " + stage + "; its result is dropped");
        assertThat(decision("worker-" + id + "-1")).containsExactly("taken-over", stage);
        assertThat(catalog.events("x")).extracting(e -> e.kind()).doesNotContain("build.failed", "rebuild.failed");

        new RebuildRun(store, rebuilder(), "w2", Progress.NONE).run("x");
        RebuildJob job = store.get(id).orElseThrow();
        assertThat(job.state()).isEqualTo("done");
        assertThat(job.build()).isEqualTo(2);
        assertThat(tag("latest")).as("a reproducible build: the same release").isEqualTo(late)
                .isEqualTo(catalog.build("x", 2).digest());
        assertThat(requestOf(2)).isEqualTo(id);
    }

    /** Runs attempt 1 on {@code worker}; w2 takes the request over at the first output line {@code when} matches. */
    private List<String> takenOverWhen(Predicate<String> when, String worker) throws Exception {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean taken = new java.util.concurrent.atomic.AtomicBoolean();
        Progress lines = Progress.lines(line -> {
            out.add(line);
            if (when.test(line) && taken.compareAndSet(false, true)) {
                try {
                    assertThat(store.claim("x", "w2").orElseThrow().attempt()).isEqualTo(2);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        new RebuildRun(store, rebuilder(), worker, lines).run("x");
        return out;
    }

    private Rebuilder rebuilder() {
        return (job, runId, attempt, progress) -> watcher.rebuildNow(job.image(), job.reason(), runId, attempt, watch,
                progress);
    }

    private String tag(String tag) throws Exception {
        return new LayoutStore(layout).resolve(tag).orElseThrow().digest().toString();
    }

    /** The outcome and message of run {@code runId}'s watch decision. */
    private List<String> decision(String runId) throws Exception {
        return db.read("read the decision", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT outcome, outcome_message FROM watch_decisions WHERE run_id = ?")) {
                s.setString(1, runId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return List.of(rs.getString(1), rs.getString(2));
                }
            }
        });
    }

    private Long requestOf(int build) throws Exception {
        return db.read("read the build's request", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT b.rebuild_request_id FROM builds b JOIN images i ON "
                    + "i.id = b.image_id WHERE i.name = 'x' AND b.number = ?")) {
                s.setInt(1, build);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    long v = rs.getLong(1);
                    return rs.wasNull() ? null : v;
                }
            }
        });
    }
}
