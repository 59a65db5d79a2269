package dev.bulwark.catalog.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.ImageDefinition;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.Sha256;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enqueueing while the image's job waits out its backoff moves the job to now; a job picked or removed between
 * the enqueuer's look at it and its move is no failure: the request is recorded, and the running execution takes
 * it, or the job is queued again.
 */
class RebuildQueueTest {
    @TempDir
    Path dir;
    CatalogDatabase db;
    /** Runs {@code onRead} at its second reading once armed: in {@code hurry}, between its look and its move. */
    final MovingClock clock = new MovingClock();
    RebuildQueue queue;

    @BeforeEach
    void open() throws Exception {
        db = CatalogDatabase.open(new CatalogLocation.SqliteFile(dir.resolve("catalog.db")), Duration.ofSeconds(10));
        Catalog catalog = new Catalog(db, Clock.systemUTC());
        String spec = "name: a\ndistribution: trixie\npackages: [libc6]\n";
        catalog.define(new ImageDefinition("a", "/specs/a.yaml", Sha256.key(spec, "t"), spec, "trixie", null,
                List.of("amd64"), List.of("oci:/out/a")));
        catalog.recordBuild(WorkerTest.build("a", 1));
        queue = new RebuildQueue(db, clock);
        queue.enqueue("a", "first", "ci", "api").orElseThrow();
        update("UPDATE scheduled_tasks SET execution_time = " + (System.currentTimeMillis() + 600_000)
                + ", consecutive_failures = 3 WHERE task_instance = 'a'"); // waits out its backoff
    }

    @Test
    void aJobPickedAsTheEnqueuerMovesItToNow_isNoFailure_theRequestIsRecorded() throws Exception {
        clock.onRead = () -> update("UPDATE scheduled_tasks SET picked = 1, picked_by = 'w1', version = version + 1 "
                + "WHERE task_instance = 'a'");
        JobStore.Enqueued again = queue.enqueue("a", "asked again", "ci", "api").orElseThrow();
        assertThat(clock.fired).as("picked in between").hasValue(1);
        assertThat(again.merged()).isTrue();
        assertThat(count("SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance = 'a' AND picked = 1")).isOne();
    }

    @Test
    void aJobRemovedAsTheEnqueuerMovesItToNow_isNoFailure_theRequestIsRecorded() throws Exception {
        clock.onRead = () -> update("DELETE FROM scheduled_tasks WHERE task_instance = 'a'");
        JobStore.Enqueued again = queue.enqueue("a", "asked again", "ci", "api").orElseThrow();
        assertThat(clock.fired).as("removed in between").hasValue(1);
        assertThat(again.merged()).isTrue();
        assertThat(queue.store().open()).singleElement().satisfies(j -> assertThat(j.state()).isEqualTo("queued"));
        assertThat(count("SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance = 'a' AND picked = 0 AND "
                + "execution_time <= " + System.currentTimeMillis())).as("its job queued again, due now").isOne();
    }

    private void update(String sql) {
        try {
            db.transaction("change the job", c -> {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    return s.executeUpdate();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql) throws Exception {
        return db.read("count", c -> {
            try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The system clock; once {@code onRead} is set, runs it at the second reading after that (once). */
    static final class MovingClock extends Clock {
        volatile Runnable onRead;
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger fired = new AtomicInteger();

        @Override
        public Instant instant() {
            Runnable r = onRead;
            // A merged enqueue reads the clock to queue the job (1), then in hurry to compare (2) and to move it (3).
            if (r != null && reads.incrementAndGet() == 2) {
                fired.incrementAndGet();
                r.run();
            }
            return Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
