package dev.bulwark.catalog.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.ImageDefinition;
import dev.bulwark.catalog.model.NewBuild;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.plan.Decision;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.catalog.watch.WatchResult;
import dev.bulwark.catalog.watch.WatchStore;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Progress;
import dev.bulwark.core.Sha256;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job engine on an SQLite catalog (the embedded default): merging, one job per image, the retry that finds its
 * build already recorded, and the sweep that queues a request whose enqueuer stopped halfway. The rebuilds here
 * record synthetic builds in the real catalog; the real build flow runs in the CLI's worker ITs.
 */
class WorkerTest {
    @TempDir
    Path dir;
    CatalogDatabase db;
    Catalog catalog;
    RebuildQueue queue;
    WatchStore watch;
    final List<Worker> workers = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        db = CatalogDatabase.open(new CatalogLocation.SqliteFile(dir.resolve("catalog.db")), Duration.ofSeconds(10));
        catalog = new Catalog(db, Clock.systemUTC());
        for (String image : List.of("a", "b")) {
            String spec = "name: " + image + "\ndistribution: trixie\npackages: [libc6]\n";
            catalog.define(new ImageDefinition(image, "/specs/" + image + ".yaml", Sha256.key(spec, "t"), spec,
                    "trixie", null, List.of("amd64"), List.of("oci:/out/" + image)));
            catalog.recordBuild(build(image, 1));
        }
        queue = new RebuildQueue(db, Clock.systemUTC());
        watch = new WatchStore(db, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        workers.forEach(Worker::close);
    }

    @Test
    void secondRequestWhileQueued_isMergedIntoTheFirst_andTheImageHasOneJob() throws Exception {
        JobStore.Enqueued first = queue.enqueue("a", "CVE-2099-1 fixed", "ci", "api").orElseThrow();
        JobStore.Enqueued second = queue.enqueue("a", "asked again", "someone", "api").orElseThrow();
        assertThat(first.merged()).isFalse();
        assertThat(second.merged()).isTrue();
        assertThat(second.job().id()).isEqualTo(first.job().id());
        assertThat(second.job().reason()).isEqualTo("CVE-2099-1 fixed");
        assertThat(jobs("a")).isEqualTo(1);
        assertThat(queue.enqueue("nope", "x", "ci", "api")).isEmpty();
    }

    @Test
    void requestsForOneImage_neverRunAtOnce_whileOtherImagesRunBesideIt() throws Exception {
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger atOnce = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<JobStore.Enqueued> duringA = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> secondJobForA = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch bothStarted = new CountDownLatch(2);
        Rebuilder slow = (job, runId, attempt, progress) -> {
            if (running.computeIfAbsent(job.image(), k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.add(job.image());
            }
            mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            try {
                bothStarted.countDown();
                bothStarted.await(5, TimeUnit.SECONDS);
                if (job.image().equals("a") && duringA.isEmpty()) {
                    duringA.add(queue.enqueue("a", "asked while it runs", "ci", "api").orElseThrow());
                    secondJobForA.add(queue.schedule("a"));
                }
                Thread.sleep(200);
                return published(job, progress);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                atOnce.decrementAndGet();
                running.get(job.image()).decrementAndGet();
            }
        };
        long a = queue.enqueue("a", "first", "ci", "api").orElseThrow().job().id();
        queue.enqueue("b", "first", "ci", "api");
        workers.add(start(slow, 4, "w1"));
        workers.add(start(slow, 4, "w2"));
        awaitIdle();
        assertThat(overlaps).isEmpty();
        assertThat(mostAtOnce.get()).as("a and b built side by side").isEqualTo(2);
        assertThat(duringA).singleElement().satisfies(e -> {
            assertThat(e.merged()).as("not merged into the running build, which re-locked before it").isFalse();
            assertThat(e.job().id()).isNotEqualTo(a);
            assertThat(e.job().state()).isEqualTo("queued");
        });
        assertThat(secondJobForA).containsExactly(false);
        assertThat(queue.store().get(duringA.get(0).job().id()).orElseThrow()).satisfies(j -> {
            assertThat(j.state()).as("run after the first").isEqualTo("done");
            assertThat(j.build()).isEqualTo(3);
        });
        assertThat(queue.store().get(a).orElseThrow()).satisfies(j -> {
            assertThat(j.state()).isEqualTo("done");
            assertThat(j.outcome()).isEqualTo("published");
            assertThat(j.build()).isEqualTo(2);
            assertThat(j.attempts()).isEqualTo(1);
            assertThat(j.log()).anyMatch(l -> l.startsWith("attempt 1 on w")).anyMatch(l -> l.equals("built it"));
        });
        assertThat(catalog.builds("a")).hasSize(3);
    }

    @Test
    void requestWhileTheBuildRuns_isQueuedAfterIt_andClaimedOnceItFinishes() throws Exception {
        long first = queue.enqueue("a", "first", "ci", "api").orElseThrow().job().id();
        JobStore.Claimed running = queue.store().claim("a", "w1").orElseThrow();
        assertThat(running.job().id()).isEqualTo(first);
        JobStore.Enqueued again = queue.enqueue("a", "asked while it runs", "ci", "api").orElseThrow();
        assertThat(again.merged()).isFalse();
        assertThat(again.job().id()).isNotEqualTo(first);
        assertThat(again.job().state()).isEqualTo("queued");
        assertThat(queue.enqueue("a", "and again", "ci", "api").orElseThrow()).satisfies(e -> {
            assertThat(e.merged()).as("merged into the queued one").isTrue();
            assertThat(e.job().id()).isEqualTo(again.job().id());
        });
        assertThat(queue.store().open()).hasSize(2);
        queue.store().finish(first, running.job().attempts(), "w1", "done", "published", 1, "built");
        assertThat(queue.store().claim("a", "w1")).hasValueSatisfying(c -> {
            assertThat(c.job().id()).isEqualTo(again.job().id());
            assertThat(c.job().reason()).isEqualTo("asked while it runs");
        });
    }

    @Test
    void anAttemptTakenOverByAnother_cannotOverwriteIt_andSaysItsResultIsDropped() throws Exception {
        long id = queue.enqueue("a", "CVE-2099-1 fixed", "ci", "api").orElseThrow().job().id();
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        Progress lines = Progress.lines(out::add);
        // Attempt 1 on w1 is thought dead while it builds: w2 takes the request over (attempt 2) and finishes it.
        new RebuildRun(queue.store(), (job, runId, attempt, progress) -> {
            JobStore.Claimed takeover = queue.store().claim("a", "w2").orElseThrow();
            assertThat(takeover.attempt()).isEqualTo(2);
            assertThat(queue.store().finish(id, 2, "w2", "done", "unchanged", null, "w2 says")).isTrue();
            progress.info("a line after the takeover");
            return new WatchResult.Entry(decision(job), "failed", null, "w1's late failure");
        }, "w1", lines).run("a");
        RebuildJob job = queue.store().get(id).orElseThrow();
        assertThat(job.state()).isEqualTo("done");
        assertThat(job.outcome()).isEqualTo("unchanged");
        assertThat(job.message()).isEqualTo("w2 says");
        assertThat(job.log()).noneMatch(l -> l.contains("after the takeover") || l.contains("late failure"));
        assertThat(out).contains("[a] attempt 1 of request " + id + " was taken over by w2 (attempt 2); its result "
                + "is dropped");
        assertThat(queue.store().requeue(id, 1, "w1", "late")).isFalse();
        assertThat(queue.store().log(id, 1, "w1", "late")).isFalse();
    }

    @Test
    void anExecutionWhoseJobAnotherWorkerRunsNow_claimsNoRequest_theJobsWorkerDoes() throws Exception {
        long id = queue.enqueue("a", "CVE-2099-1 fixed", "ci", "api").orElseThrow().job().id();
        AtomicInteger built = new AtomicInteger();
        Rebuilder rebuilder = (job, runId, attempt, progress) -> {
            built.incrementAndGet();
            return published(job, progress);
        };
        // w1's execution was thought dead and its job revived: w2's engine picked it (as after the takeover above).
        long w1 = pickedBy("a", "w1");
        long w2 = pickedBy("a", "w2");
        assertThat(new RebuildRun(queue.store(), rebuilder, "w1", Progress.NONE).run("a", w1)).isZero();
        assertThat(queue.store().get(id).orElseThrow().state()).isEqualTo("queued");
        assertThat(new RebuildRun(queue.store(), rebuilder, "w2", Progress.NONE).run("a", w2)).isOne();
        assertThat(built).hasValue(1);
        assertThat(queue.store().get(id).orElseThrow()).satisfies(j -> {
            assertThat(j.state()).isEqualTo("done");
            assertThat(j.worker()).isEqualTo("w2");
        });
    }

    @Test
    void backoff_doublesFromFiveSeconds_andIsCappedAtTenMinutes() {
        CappedBackoff<Void> b = new CappedBackoff<>(Worker.BACKOFF_FIRST, 2.0, Worker.BACKOFF_MAX);
        assertThat(b.delay(0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.delay(6)).isEqualTo(Duration.ofSeconds(320));
        assertThat(b.delay(7)).isEqualTo(Duration.ofMinutes(10));
        assertThat(b.delay(5000)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aRequestMergedIntoAJobWaitingOutItsBackoff_makesItDueNow() throws Exception {
        queue.enqueue("a", "first", "ci", "api").orElseThrow();
        long later = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
        db.transaction("push the job back", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE scheduled_tasks SET execution_time = ?, "
                    + "consecutive_failures = 7 WHERE task_instance = 'a'")) {
                s.setLong(1, later);
                return s.executeUpdate();
            }
        });
        assertThat(queue.enqueue("a", "asked again", "ci", "api").orElseThrow().merged()).isTrue();
        long due = db.read("read the job", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT execution_time FROM scheduled_tasks WHERE task_instance = 'a'");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(due).isLessThanOrEqualTo(System.currentTimeMillis());
    }

    @Test
    void aRequestQueuedBehindARunningOneWhoseJobWaitsOutItsBackoff_makesItDueNow() throws Exception {
        queue.enqueue("a", "first", "ci", "api").orElseThrow();
        // Attempt 1 stopped and could not put its request back (the catalog was down): it stays running, the job
        // waits out its backoff.
        queue.store().claim("a", "w1").orElseThrow();
        long later = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
        db.transaction("push the job back", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE scheduled_tasks SET execution_time = ?, "
                    + "consecutive_failures = 7 WHERE task_instance = 'a'")) {
                s.setLong(1, later);
                return s.executeUpdate();
            }
        });
        assertThat(queue.enqueue("a", "asked again", "ci", "api").orElseThrow().merged()).isFalse();
        assertThat(due("a")).isLessThanOrEqualTo(System.currentTimeMillis());
    }

    @Test
    void retryAfterTheBuildWasRecorded_finishesWithoutBuildingAgain() throws Exception {
        long id = queue.enqueue("a", "CVE-2099-1 fixed", "ci", "api").orElseThrow().job().id();
        // Attempt 1, on a worker killed after it recorded build 2 and before it could say so.
        assertThat(queue.store().claim("a", "killed")).hasValueSatisfying(c -> assertThat(c.recorded()).isNull());
        watch.recordDecision("worker-" + id + "-1", decision("a"), null, "");
        catalog.recordBuild(build("a", 2).forRequest(id));
        AtomicInteger built = new AtomicInteger();
        workers.add(start((job, runId, attempt, progress) -> {
            built.incrementAndGet();
            return published(job, progress);
        }, 1, "w2"));
        awaitIdle();
        assertThat(built).as("nothing built again").hasValue(0);
        assertThat(catalog.builds("a")).hasSize(2);
        RebuildJob job = queue.store().get(id).orElseThrow();
        assertThat(job.state()).isEqualTo("done");
        assertThat(job.outcome()).isEqualTo("published");
        assertThat(job.build()).isEqualTo(2);
        assertThat(job.attempts()).isEqualTo(2);
        assertThat(job.worker()).isEqualTo("w2");
        assertThat(job.message()).contains("build 2 was recorded by an earlier attempt").contains("not built again");
    }

    @Test
    void retryAfterAnotherRunBuiltTheImage_doesNotCreditItself_andBuilds() throws Exception {
        long id = queue.enqueue("a", "CVE-2099-1 fixed", "ci", "api").orElseThrow().job().id();
        assertThat(queue.store().claim("a", "killed")).hasValueSatisfying(c -> assertThat(c.recorded()).isNull());
        watch.recordDecision("worker-" + id + "-1", decision("a"), null, "");
        Thread.sleep(5);
        watch.recordDecision("watch-20991231T000000Z", decision("a"), null, ""); // a watch cycle took it over
        Thread.sleep(5);
        catalog.recordBuild(build("a", 2));
        assertThat(queue.store().claim("a", "w2")).hasValueSatisfying(c -> assertThat(c.recorded()).isNull());
    }

    @Test
    void buildMadeByHandWhileADeadAttemptsDecisionIsTheLatest_isNotCreditedToTheRetry_whichBuilds() throws Exception {
        long id = queue.enqueue("a", "CVE-2099-1 fixed", "ci", "api").orElseThrow().job().id();
        // Attempt 1 decided and died before it built; someone ran 'catalog add' meanwhile (build 2, no request).
        assertThat(queue.store().claim("a", "killed")).hasValueSatisfying(c -> assertThat(c.recorded()).isNull());
        watch.recordDecision("worker-" + id + "-1", decision("a"), null, "");
        Thread.sleep(5);
        catalog.recordBuild(build("a", 2));
        AtomicInteger built = new AtomicInteger();
        workers.add(start((job, runId, attempt, progress) -> {
            built.incrementAndGet();
            return published(job, progress);
        }, 1, "w2"));
        awaitIdle();
        assertThat(built).as("the retry built it: build 2 is not its").hasValue(1);
        RebuildJob job = queue.store().get(id).orElseThrow();
        assertThat(job.state()).isEqualTo("done");
        assertThat(job.build()).isEqualTo(3);
        assertThat(job.attempts()).isEqualTo(2);
        assertThat(job.message()).doesNotContain("recorded by an earlier attempt");
    }

    @Test
    void requestQueuedJustAsTheExecutionOfItsImageEnds_startsRightAfterIt_notAtTheNextSweep() throws Exception {
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
        Rebuilder rebuilder = (job, runId, attempt, progress) -> {
            if (running.computeIfAbsent(job.image(), k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.add(job.image());
            }
            try {
                return published(job, progress);
            } finally {
                running.get(job.image()).decrementAndGet();
            }
        };
        workers.add(start(rebuilder, 4, "w1"));
        awaitSwept(); // the sweep ran at start: the next one is 30 s away
        // An enqueuer whose request lands after the execution's last look for one, while its job is still there (so
        // it queues no job of its own): recorded as the engine removes the job of the execution that just ended.
        db.transaction("enqueue as the execution ends", c -> {
            try (var s = c.createStatement()) {
                s.executeUpdate("CREATE TRIGGER late_enqueuer BEFORE DELETE ON scheduled_tasks WHEN OLD.task_instance "
                        + "= 'a' AND NOT EXISTS (SELECT 1 FROM rebuild_requests WHERE reason = 'asked as it ended') "
                        + "BEGIN INSERT INTO rebuild_requests (image_id, reason, requested_by, requested_at, source) "
                        + "SELECT id, 'asked as it ended', 'ci', 0, 'api' FROM images WHERE name = 'a'; END");
            }
            return null;
        });
        long first = queue.enqueue("a", "first", "ci", "api").orElseThrow().job().id();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        RebuildJob next = null;
        while (next == null || !next.state().equals("done")) {
            assertThat(System.nanoTime()).as("the follow-up runs before the next sweep").isLessThan(deadline);
            Thread.sleep(20);
            next = queue.store().get(first + 1).orElse(null);
        }
        RebuildJob done = queue.store().get(first).orElseThrow();
        assertThat(next.reason()).isEqualTo("asked as it ended");
        assertThat(next.startedAt()).as("after the first ended").isAfterOrEqualTo(done.finishedAt());
        assertThat(next.build()).isEqualTo(3);
        assertThat(overlaps).isEmpty();
    }

    @Test
    void requestWhoseEnqueuerStoppedBeforeQueueingItsJob_isFoundByTheSweep_andBuilt() throws Exception {
        long id = queue.store().request("b", "recorded, job never queued", "ci", "api").orElseThrow().job().id();
        assertThat(jobs("b")).isZero();
        workers.add(start((job, runId, attempt, progress) -> published(job, progress), 1, "w1"));
        awaitIdle();
        assertThat(queue.store().get(id).orElseThrow().state()).isEqualTo("done");
        assertThat(catalog.builds("b")).hasSize(2);
    }

    @Test
    void aFailedBuild_isRecordedAsFailed_andNotRetried() throws Exception {
        long id = queue.enqueue("b", "try", "ci", "api").orElseThrow().job().id();
        AtomicInteger tries = new AtomicInteger();
        workers.add(start((job, runId, attempt, progress) -> {
            tries.incrementAndGet();
            return new WatchResult.Entry(decision(job), "failed", null, "rebuild failed: gate said no");
        }, 1, "w1"));
        awaitIdle();
        RebuildJob job = queue.store().get(id).orElseThrow();
        assertThat(job.state()).isEqualTo("failed");
        assertThat(job.message()).isEqualTo("rebuild failed: gate said no");
        assertThat(tries).hasValue(1);
    }

    @Test
    void aRegistryFailureInsideTheBuild_isRetried_notRecordedAsFailed() throws Exception {
        long id = queue.enqueue("b", "try", "ci", "api").orElseThrow().job().id();
        AtomicInteger tries = new AtomicInteger();
        workers.add(start((job, runId, attempt, progress) -> tries.incrementAndGet() == 1
                ? new WatchResult.Entry(decision(job), "failed", null, "rebuild failed: cannot push: registry down",
                        BulwarkException.Kind.ENVIRONMENT)
                : published(job, progress), 1, "w1"));
        awaitIdle();
        RebuildJob job = queue.store().get(id).orElseThrow();
        assertThat(tries).hasValue(2);
        assertThat(job.state()).isEqualTo("done");
        assertThat(job.outcome()).isEqualTo("published");
        assertThat(job.attempts()).isEqualTo(2);
        assertThat(job.log()).anyMatch(l -> l.contains("stopped: rebuild failed: cannot push: registry down"));
    }

    private long due(String image) throws Exception {
        return db.read("read the job", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT execution_time FROM scheduled_tasks WHERE task_instance = ?")) {
                s.setString(1, image);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Marks {@code image}'s job picked by {@code worker}, as the engine does (the version rises); the version. */
    private long pickedBy(String image, String worker) throws Exception {
        return db.transaction("pick the job", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE scheduled_tasks SET picked = ?, picked_by = ?, "
                    + "version = version + 1 WHERE task_instance = ?")) {
                s.setBoolean(1, true);
                s.setString(2, worker);
                s.setString(3, image);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT version FROM scheduled_tasks WHERE task_instance = ?")) {
                s.setString(1, image);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private void awaitSwept() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (db.read("read the sweep", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = ? AND last_success IS NOT NULL")) {
                s.setString(1, Worker.SWEEP);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) == 0;
                }
            }
        })) {
            assertThat(System.nanoTime()).as("the sweep runs at start").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private WatchResult.Entry published(RebuildJob job, Progress progress) {
        try {
            int n = catalog.recordBuild(build(job.image(), catalog.builds(job.image()).size() + 1).forRequest(job.id()));
            progress.info("built it");
            return new WatchResult.Entry(decision(job), "published", n, "build " + n + " published");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Decision decision(RebuildJob job) {
        return new Decision(job.image(), Decision.Action.REBUILD, Decision.Why.REQUESTED, job.reason(), List.of(), null);
    }

    private static Decision decision(String image) {
        return new Decision(image, Decision.Action.REBUILD, Decision.Why.REQUESTED, "asked", List.of(), null);
    }

    private Worker start(Rebuilder rebuilder, int concurrency, String name) {
        return Worker.start(db, rebuilder, new Worker.Settings(concurrency, Duration.ofMillis(100),
                Duration.ofMillis(500), Duration.ofSeconds(5), name), Progress.NONE, Clock.systemUTC());
    }

    private void awaitIdle() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Thread.sleep(200);
        while (!workers.get(0).idle()) {
            assertThat(System.nanoTime()).as("the queue drains").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private long jobs(String image) throws Exception {
        return db.read("count jobs", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = ? AND task_instance = ?")) {
                s.setString(1, RebuildQueue.TASK);
                s.setString(2, image);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    static NewBuild build(String image, int n) {
        String seed = image + " " + n;
        String digest = "sha256:" + Sha256.key(seed, "m");
        return new NewBuild(image, "test", Sha256.key("spec " + image, "t"), Sha256.key("lock " + seed, "t"),
                "{\"lock\":\"" + seed + "\"}", 1_700_000_000L, null,
                List.of(new PlatformBuild("amd64", "linux/amd64", digest, "sha256:" + Sha256.key(seed, "c"), 1, 100)),
                List.of(new BuiltPackage("amd64", "libc6", "2.41-" + n, "amd64", "glibc", "2.41-" + n, "trixie",
                        "pool/main/libc6.deb", 1000, Sha256.key(seed, "p"))),
                List.of(), null, List.of(), List.of(), Instant.now(), Duration.ofMillis(10));
    }
}
