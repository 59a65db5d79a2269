package dev.bulwark.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.testkit.ThrowawayPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The API's cache fingerprint over a real PostgreSQL, where rows get their ids in insert order, not commit order. */
class CatalogVersionPostgresIT {
    @Test
    void aTransactionThatCommitsAfterALaterOne_stillChangesTheFingerprint() throws Exception {
        try (ThrowawayPostgres pg = ThrowawayPostgres.startOrSkip()) {
            String database = pg.createDatabase();
            CatalogDatabase db = CatalogDatabase.open(CatalogLocation.parse(pg.url(database)), Duration.ofSeconds(5));
            try (Connection first = connect(pg, database); Connection second = connect(pg, database)) {
                event(first, "recorded first, committed last");   // takes the lower id
                event(second, "recorded second, committed first");
                second.commit();
                String before = db.read("fingerprint", CatalogVersion::of);
                first.commit();
                String after = db.read("fingerprint", CatalogVersion::of);

                // Every count and maximum is the same: only the snapshot shows that another write landed.
                assertThat(counts(after)).isEqualTo(counts(before));
                assertThat(after).isNotEqualTo(before);
                assertThat(db.read("fingerprint", CatalogVersion::of)).as("nothing written since").isEqualTo(after);
            }
        }
    }

    private static Connection connect(ThrowawayPostgres pg, String database) throws Exception {
        Connection c = DriverManager.getConnection(pg.jdbcUrl(database), ThrowawayPostgres.USER, "");
        c.setAutoCommit(false);
        return c;
    }

    private static void event(Connection c, String message) throws Exception {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO events (at, kind, message) VALUES (1, 'test', '" + message + "')");
        }
    }

    private static String counts(String fingerprint) {
        String[] parts = fingerprint.split("/");
        return String.join("/", Arrays.copyOf(parts, parts.length - 1));
    }
}
