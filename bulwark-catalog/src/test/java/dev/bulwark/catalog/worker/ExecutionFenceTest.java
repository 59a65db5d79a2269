package dev.bulwark.catalog.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.ImageDefinition;
import dev.bulwark.catalog.plan.Decision;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.catalog.watch.WatchResult;
import dev.bulwark.core.Progress;
import dev.bulwark.core.Sha256;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An execution claims its image's request only while the image's job is still that execution's: picked, at the
 * version the job engine gave it when it picked it (the version rises on every pick and revival; heartbeats keep
 * it). Not by the worker's name: the engine stores that cut to 50 characters, and one worker (or two processes
 * started with the same name) may run a later execution of the same job.
 */
class ExecutionFenceTest {
    @TempDir
    Path dir;
    CatalogDatabase db;
    Catalog catalog;
    RebuildQueue queue;
    Worker worker;

    @BeforeEach
    void open() throws Exception {
        db = CatalogDatabase.open(new CatalogLocation.SqliteFile(dir.resolve("catalog.db")), Duration.ofSeconds(10));
        catalog = new Catalog(db, Clock.systemUTC());
        String spec = "name: a\ndistribution: trixie\npackages: [libc6]\n";
        catalog.define(new ImageDefinition("a", "/specs/a.yaml", Sha256.key(spec, "t"), spec, "trixie", null,
                List.of("amd64"), List.of("oci:/out/a")));
        catalog.recordBuild(WorkerTest.build("a", 1));
        queue = new RebuildQueue(db, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void aWorkerWhoseNameIsLongerThanTheEnginesPickedByColumn_buildsItsRequest() throws Exception {
        String name = "bulwark-worker-" + "x".repeat(40) + "-7d9f8c6b5-abcde"; // a long pod name: 71 characters
        long id = queue.enqueue("a", "CVE-2099-1 fixed", "ci", "api").orElseThrow().job().id();
        AtomicInteger built = new AtomicInteger();
        worker = Worker.start(db, (job, runId, attempt, progress) -> {
            built.incrementAndGet();
            return published(job, progress);
        }, new Worker.Settings(1, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(5), name),
                Progress.NONE, Clock.systemUTC());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!queue.store().get(id).orElseThrow().state().equals("done")) {
            assertThat(System.nanoTime()).as("the request is built").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(built).hasValue(1);
        assertThat(queue.store().get(id).orElseThrow()).satisfies(j -> {
            assertThat(j.worker()).as("the request names the worker in full").isEqualTo(name);
            assertThat(j.build()).isEqualTo(2);
        });
    }

    @Test
    void anExecutionWhoseJobWasPickedAgainUnderTheSameWorkerName_claimsNothing_theNewExecutionDoes()
            throws Exception {
        long id = queue.enqueue("a", "CVE-2099-1 fixed", "ci", "api").orElseThrow().job().id();
        AtomicInteger built = new AtomicInteger();
        Rebuilder rebuilder = (job, runId, attempt, progress) -> {
            built.incrementAndGet();
            return published(job, progress);
        };
        // w1 picked the job, its heartbeats failed (the catalog was away), the job was revived and w1 picked it
        // again on another thread: the same picked_by, two versions on.
        long old = pick("w1");
        revive();
        long current = pick("w1");
        assertThat(new RebuildRun(queue.store(), rebuilder, "w1", Progress.NONE).run("a", old)).isZero();
        assertThat(queue.store().get(id).orElseThrow().state()).isEqualTo("queued");
        assertThat(new RebuildRun(queue.store(), rebuilder, "w1", Progress.NONE).run("a", current)).isOne();
        assertThat(built).hasValue(1);
        assertThat(queue.store().get(id).orElseThrow().state()).isEqualTo("done");
    }

    @Test
    void anExecutionWhoseJobIsNoLongerPicked_claimsNothing() throws Exception {
        queue.enqueue("a", "CVE-2099-1 fixed", "ci", "api").orElseThrow();
        long version = version();
        // Revived and not yet picked again: the version is the dead execution's, but the job is nobody's now.
        assertThat(queue.store().claim("a", "w1", version)).isEmpty();
        pick("w1");
        assertThat(queue.store().claim("a", "w1", version)).as("picked again: a new version").isEmpty();
        assertThat(queue.store().claim("a", "w1", version + 1)).isPresent();
    }

    /** Marks the job picked by {@code name}, as the engine does (the version rises); returns the new version. */
    private long pick(String name) throws Exception {
        db.transaction("pick the job", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE scheduled_tasks SET picked = ?, picked_by = ?, "
                    + "version = version + 1 WHERE task_instance = 'a'")) {
                s.setBoolean(1, true);
                s.setString(2, name);
                return s.executeUpdate();
            }
        });
        return version();
    }

    /** Puts the job back unpicked, as the engine revives a dead execution's job (the version rises). */
    private void revive() throws Exception {
        db.transaction("revive the job", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE scheduled_tasks SET picked = ?, picked_by = NULL, "
                    + "version = version + 1 WHERE task_instance = 'a'")) {
                s.setBoolean(1, false);
                return s.executeUpdate();
            }
        });
    }

    private long version() throws Exception {
        return db.read("read the job's version", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT version FROM scheduled_tasks WHERE task_instance = 'a'"); ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private WatchResult.Entry published(RebuildJob job, Progress progress) {
        try {
            int n = catalog.recordBuild(WorkerTest.build(job.image(), catalog.builds(job.image()).size() + 1)
                    .forRequest(job.id()));
            progress.info("built it");
            return new WatchResult.Entry(new Decision(job.image(), Decision.Action.REBUILD, Decision.Why.REQUESTED,
                    job.reason(), List.of(), null), "published", n, "build " + n + " published");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
