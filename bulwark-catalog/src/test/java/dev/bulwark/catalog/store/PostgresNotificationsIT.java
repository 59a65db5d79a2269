package dev.bulwark.catalog.store;

import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.testkit.ThrowawayPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Releases, webhooks and costs on a real PostgreSQL (a throwaway cluster, one database per test). */
class PostgresNotificationsIT extends NotificationsContract {
    private static ThrowawayPostgres postgres;

    @BeforeAll
    static void startServer() throws Exception {
        postgres = ThrowawayPostgres.startOrSkip();
    }

    @AfterAll
    static void stopServer() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    CatalogLocation newLocation() throws Exception {
        return CatalogLocation.parse(postgres.url(postgres.createDatabase()));
    }
}
