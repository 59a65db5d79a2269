package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.testkit.ThrowawayPostgres;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's done-when: a real PostgreSQL catalog, 20 images built from the fake archive, a security update that
 * {@code watch --enqueue} turns into 20 queued rebuilds, two {@code bulwark worker} processes — one killed with
 * SIGKILL while it is mid-build. Every rebuild finishes exactly once: one new build per image, the killed worker's
 * job finished by the other.
 */
class WorkerPostgresIT {
    static final int IMAGES = 20;

    @TempDir
    Path dir;

    @Test
    void twentyQueuedRebuilds_finishExactlyOnce_whileOneOfTwoWorkersIsKilledMidBuild() throws Exception {
        long t0 = System.nanoTime();
        try (ThrowawayPostgres pg = ThrowawayPostgres.startOrSkip();
                WatchScenario s = new WatchScenario(dir, pg.url(pg.createDatabase()))) {
            for (int i = 1; i <= IMAGES; i++) {
                String name = String.format("img%02d", i);
                Path spec = Files.writeString(dir.resolve(name + ".yaml"), "name: " + name + "\ndistribution: trixie\n"
                        + "archs: [amd64]\nkeyrings: [archive.gpg]\npackages: [libfoo1]\n");
                CliRun add = s.run("catalog", "add", spec.toString(), "--publish", "oci:" + dir.resolve("out").resolve(name));
                assertThat(add.exitCode()).as(add.err()).isZero();
            }
            s.securityUpdate(Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
            CliRun watch = s.run("watch", "--once", "--enqueue");
            assertThat(watch.exitCode()).as(watch.out() + watch.err()).isZero();
            assertThat(watch.out()).contains("queued as rebuild request");
            CatalogDatabase db = CatalogDatabase.open(CatalogLocation.parse(s.catalog), Duration.ofSeconds(10));
            assertThat(count(db, "SELECT COUNT(*) FROM rebuild_requests WHERE state = 'queued'")).isEqualTo(IMAGES);
            assertThat(count(db, "SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'bulwark-rebuild'"))
                    .isEqualTo(IMAGES);
            System.out.printf("WorkerPostgresIT: 20 images catalogued and 20 rebuilds queued in %.1f s%n",
                    (System.nanoTime() - t0) / 1e9);

            long started = System.nanoTime();
            Process w1 = worker(s, "w1");
            Process w2 = worker(s, "w2");
            try {
                long killed = killMidBuild(db, w1);
                assertThat(w2.waitFor(150, TimeUnit.SECONDS)).as("w2 drains the queue\n" + err("w2")).isTrue();
                assertThat(w2.exitValue()).as(err("w2")).isZero();
                System.out.printf("WorkerPostgresIT: the queue drained %.1f s after the workers started%n",
                        (System.nanoTime() - started) / 1e9);
                assertExactlyOnce(db, killed);
            } finally {
                w1.destroyForcibly();
                w2.destroyForcibly();
                keepLogs();
            }
        }
    }

    /** Waits until {@code w1} is re-locking or building an image, kills it, and returns that request's id. */
    private long killMidBuild(CatalogDatabase db, Process w1) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Long id = db.read("find w1's build", c -> {
                try (PreparedStatement q = c.prepareStatement("SELECT r.id FROM rebuild_requests r WHERE r.worker = 'w1' "
                        + "AND r.state = 'running' AND EXISTS (SELECT 1 FROM rebuild_log l WHERE l.request_id = r.id "
                        + "AND l.line LIKE 'Re-locking%')"); ResultSet rs = q.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : null;
                }
            });
            if (id != null) {
                w1.destroyForcibly();
                assertThat(w1.waitFor(10, TimeUnit.SECONDS)).isTrue();
                return id;
            }
            assertThat(w1.isAlive()).as("w1 runs\n" + err("w1")).isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("w1 never started a build\n" + err("w1"));
    }

    private void assertExactlyOnce(CatalogDatabase db, long killed) throws Exception {
        Map<String, Long> builds = new HashMap<>();
        db.read("count builds", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT i.name, COUNT(b.id) FROM images i JOIN builds b "
                    + "ON b.image_id = i.id GROUP BY i.name"); ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    builds.put(rs.getString(1), rs.getLong(2));
                }
            }
            return null;
        });
        assertThat(builds).hasSize(IMAGES).allSatisfy((image, n) -> assertThat(n).as(image).isEqualTo(2L));
        assertThat(count(db, "SELECT COUNT(*) FROM rebuild_requests WHERE state = 'done' AND outcome = 'published' "
                + "AND outcome_build_id IS NOT NULL")).isEqualTo(IMAGES);
        assertThat(count(db, "SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'bulwark-rebuild'")).isZero();
        assertThat(count(db, "SELECT COUNT(*) FROM watch_decisions WHERE outcome = 'published'")).isEqualTo(IMAGES);
        // One publication per target and kind for each new build: nothing published twice.
        assertThat(count(db, "SELECT COUNT(*) FROM (SELECT p.build_id, p.reference FROM publications p "
                + "GROUP BY p.build_id, p.reference HAVING COUNT(*) > 1) d")).isZero();
        List<Object> row = new ArrayList<>();
        db.read("read the killed request", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT worker, attempts FROM rebuild_requests WHERE id = ?")) {
                q.setLong(1, killed);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    row.add(rs.getString(1));
                    row.add(rs.getInt(2));
                }
            }
            return null;
        });
        assertThat(row).as("the killed worker's job, taken over").containsExactly("w2", 2);
    }

    /** The workers' stderr, kept as test output (target/worker-it). */
    private void keepLogs() throws java.io.IOException {
        Path kept = Tools.projectRoot().resolve("bulwark-cli/target/worker-it");
        Files.createDirectories(kept);
        for (String name : List.of("w1", "w2")) {
            Files.writeString(kept.resolve(name + ".err"), err(name));
        }
    }

    private Process worker(WatchScenario s, String name) throws Exception {
        List<String> args = List.of("worker", "--catalog", s.catalog, "--mirror", s.archive.baseUrl().toString(),
                "--cache", dir.resolve("cache-" + name).toString(), "--name", name, "--poll", "0.5s", "--heartbeat",
                "1s", "--drain");
        return new ProcessBuilder(Processes.javaCommand(args.toArray(String[]::new)))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    private String err(String name) {
        try {
            File f = dir.resolve(name + ".err").toFile();
            return f.exists() ? Files.readString(f.toPath()) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static long count(CatalogDatabase db, String sql) throws Exception {
        return db.read("count", c -> {
            try (PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
