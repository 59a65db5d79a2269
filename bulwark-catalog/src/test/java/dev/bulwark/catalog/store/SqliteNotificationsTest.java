package dev.bulwark.catalog.store;

import dev.bulwark.catalog.db.CatalogLocation;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Releases, webhooks and costs on an SQLite catalog. */
class SqliteNotificationsTest extends NotificationsContract {
    @TempDir
    Path dir;

    @Override
    CatalogLocation newLocation() {
        return new CatalogLocation.SqliteFile(dir.resolve("catalog.db"));
    }
}
