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
        }
    }
}
