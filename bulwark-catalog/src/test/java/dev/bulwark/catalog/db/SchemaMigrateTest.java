package dev.bulwark.catalog.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema.migrate's shortcut looks at every shipped migration, not only the newest. */
class SchemaMigrateTest {
    @TempDir
    Path dir;

    @Test
    void open_appliesAnOlderMigrationMissingFromACatalogAlreadyAtTheNewestVersion() throws Exception {
        Path file = dir.resolve("catalog.db");
        CatalogDatabase.open(new CatalogLocation.SqliteFile(file), Duration.ofSeconds(5));
        // A catalog migrated by a Bulwark that shipped V30 before V21 existed: V21's table and history row are gone.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("DROP TABLE current_packages");
            s.executeUpdate("DELETE FROM " + Schema.HISTORY_TABLE + " WHERE version = '21'");
        }
        assertThat(Schema.appliedVersions(CatalogDatabase.open(new CatalogLocation.SqliteFile(file),
                Duration.ofSeconds(5)))).isEqualTo(CatalogDatabase.MIGRATIONS);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM current_packages")) {
            assertThat(rs.next()).as("V21 applied out of order").isTrue();
        }
    }

    @Test
    void open_refusesACatalogWithAMigrationThisBulwarkDoesNotShip_andLeavesItUnchanged() throws Exception {
        Path file = dir.resolve("catalog.db");
        CatalogDatabase.open(new CatalogLocation.SqliteFile(file), Duration.ofSeconds(5));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE " + Schema.HISTORY_TABLE + " SET version = '25' WHERE version = '21'");
        }
        assertThatThrownBy(() -> CatalogDatabase.open(new CatalogLocation.SqliteFile(file), Duration.ofSeconds(5)))
                .hasMessageContaining("it has schema migration(s) [25] that this Bulwark does not ship")
                .hasMessageContaining("the catalog is left unchanged");
    }
}
