package dev.bulwark.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.core.BulwarkException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog contract on an SQLite file, plus what only a file can do wrong: locks held elsewhere, foreign files. */
class SqliteCatalogTest extends CatalogContract {
    @TempDir
    Path dir;
    private Path file;

    @Override
    CatalogLocation newLocation() {
        file = dir.resolve("sub").resolve("catalog.db");
        return new CatalogLocation.SqliteFile(file);
    }

    @Override
    Connection rawConnection() throws Exception {
        return jdbc("jdbc:sqlite:" + file, null);
    }

    @Test
    void open_createsTheFileAndItsDirectoryInWalMode() throws Exception {
        assertThat(file).isRegularFile();
        try (Connection c = rawConnection(); Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void lockedDatabase_waitsForTheBusyTimeoutThenSaysItIsLocked() throws Exception {
        Catalog impatient = Catalog.open(location, Duration.ofMillis(400), clock);
        try (Connection other = rawConnection(); Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE"); // another process in the middle of a write
            long start = System.nanoTime();
            assertThatThrownBy(() -> impatient.define(Synthetic.image("a"))).isInstanceOf(CatalogException.class)
                    .hasMessage("cannot record image a in catalog " + file + ": the database is locked by another process "
                            + "(waited 400 ms); try again when that process is done, or raise BULWARK_CATALOG_TIMEOUT")
                    .extracting(e -> ((CatalogException) e).kind()).isEqualTo(Kind.ENVIRONMENT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
            s.execute("ROLLBACK");
        }
        assertThat(catalog.images()).isEmpty();
    }

    @Test
    void lockedDatabase_thatIsReleasedInTime_isWaitedFor() throws Exception {
        try (Connection other = rawConnection(); Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            CompletableFuture<Boolean> define = CompletableFuture.supplyAsync(() -> {
                try {
                    return catalog.define(Synthetic.image("a"));
                } catch (CatalogException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(define).isNotDone();
            s.execute("COMMIT");
            assertThat(define.get()).isTrue();
        }
        assertThat(catalog.image("a").name()).isEqualTo("a");
    }

    @Test
    void open_refusesAFileThatIsNotAnSqliteDatabase() throws Exception {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "these are my notes, not a database; ".repeat(50));
        assertThatThrownBy(() -> Catalog.open(new CatalogLocation.SqliteFile(notes), Duration.ofSeconds(1), clock))
                .isInstanceOf(CatalogException.class).hasMessageContaining("the file is not an SQLite database")
                .extracting(e -> ((CatalogException) e).kind()).isEqualTo(Kind.BAD_INPUT);
        assertThat(Files.readString(notes)).startsWith("these are my notes");
    }
}
