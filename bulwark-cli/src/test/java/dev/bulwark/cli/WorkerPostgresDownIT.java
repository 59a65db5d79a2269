package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.testkit.ThrowawayPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker started while PostgreSQL is down says so and tries again with backoff instead of exiting; once the
 * database is back it builds what was queued before it went down.
 */
class WorkerPostgresDownIT {
    @TempDir
    Path dir;

    @Test
    void workerStartedWhilePostgresIsDown_retriesWithBackoff_thenBuildsWhatWasQueued() throws Exception {
        try (ThrowawayPostgres pg = ThrowawayPostgres.startOrSkip();
                WatchScenario s = new WatchScenario(dir, pg.url(pg.createDatabase()))) {
            assertThat(s.addImages()).allSatisfy(r -> assertThat(r.exitCode()).as(r.err()).isZero());
            s.securityUpdate(Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
            CliRun watch = s.run("watch", "--once", "--enqueue");
            assertThat(watch.exitCode()).as(watch.out() + watch.err()).isZero();
            assertThat(watch.out()).contains("a: rebuild").contains("→ queued: queued as rebuild request");
            pg.stopServer();
            Path err = dir.resolve("worker.err");
            Process w = new ProcessBuilder(Processes.javaCommand("worker", "--catalog", s.catalog, "--mirror",
                    s.archive.baseUrl().toString(), "--cache", dir.resolve("cache").toString(), "--poll", "0.5s",
                    "--heartbeat", "1s", "--drain")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (Files.readString(err).lines().filter(l -> l.contains("trying again in")).count() < 2) {
                    assertThat(w.isAlive()).as("the worker keeps trying\n" + Files.readString(err)).isTrue();
                    assertThat(System.nanoTime()).as(Files.readString(err)).isLessThan(deadline);
                    Thread.sleep(100);
                }
                assertThat(Files.readString(err)).contains("bulwark worker: cannot").contains("trying again in 1 s")
                        .contains("trying again in 2 s");
                pg.startServer();
                assertThat(w.waitFor(90, TimeUnit.SECONDS)).as(Files.readString(err)).isTrue();
                assertThat(w.exitValue()).as(Files.readString(err)).isZero();
            } finally {
                w.destroyForcibly();
            }
            assertThat(Files.readString(err)).contains("taking rebuild jobs").contains("the queue is empty");
            CatalogDatabase db = CatalogDatabase.open(CatalogLocation.parse(s.catalog), Duration.ofSeconds(10));
            long published = db.read("count", c -> {
                try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM rebuild_requests "
                        + "WHERE state = 'done' AND outcome = 'published'"); ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(published).as("a and b, queued before PostgreSQL went down").isEqualTo(2);
            outageWhileRunning(pg, s, db);
        }
    }

    /**
     * PostgreSQL stops under a running worker: it says so (one line, not a trace per poll), keeps running, and takes
     * the next job once PostgreSQL is back.
     */
    private void outageWhileRunning(ThrowawayPostgres pg, WatchScenario s, CatalogDatabase db) throws Exception {
        Path err = dir.resolve("worker2.err");
        Process w = new ProcessBuilder(Processes.javaCommand("worker", "--catalog", s.catalog, "--mirror",
                s.archive.baseUrl().toString(), "--cache", dir.resolve("cache").toString(), "--poll", "0.5s",
                "--heartbeat", "1s")).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try {
            awaitLine(err, w, "taking rebuild jobs");
            pg.stopServer();
            awaitLine(err, w, "job engine:");
            Thread.sleep(2000);
            assertThat(w.isAlive()).as(Files.readString(err)).isTrue();
            pg.startServer();
            long id = new dev.bulwark.catalog.worker.RebuildQueue(db, java.time.Clock.systemUTC())
                    .enqueue("c", "after the outage", "it", "cli").orElseThrow().job().id();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                var job = new dev.bulwark.catalog.worker.JobStore(db, java.time.Clock.systemUTC()).get(id).orElseThrow();
                if (!job.open()) {
                    assertThat(job.state()).as(job.message()).isEqualTo("done");
                    assertThat(job.outcome()).as("c re-locks onto the newer tzdata").isEqualTo("published");
                    break;
                }
                assertThat(System.nanoTime()).as(Files.readString(err)).isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(Files.readString(err).lines().filter(l -> l.startsWith("job engine:")).count())
                    .as("one line per kind of failure, not one per poll\n" + Files.readString(err)).isLessThan(10);
        } finally {
            w.destroy();
            assertThat(w.waitFor(30, TimeUnit.SECONDS)).as("SIGTERM stops the worker").isTrue();
            Path kept = Tools.projectRoot().resolve("bulwark-cli/target/worker-it");
            Files.createDirectories(kept);
            Files.copy(err, kept.resolve("outage.err"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void awaitLine(Path err, Process w, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(err).contains(text)) {
            assertThat(w.isAlive()).as(Files.readString(err)).isTrue();
            assertThat(System.nanoTime()).as("'" + text + "' in\n" + Files.readString(err)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
