package dev.bulwark.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.testkit.ThrowawayPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog contract on a real PostgreSQL 15 (a throwaway cluster on a loopback port, one database per test),
 * plus what only a server can do wrong: be unreachable, or go away between two decisions.
 */
class PostgresCatalogIT extends CatalogContract {
    private static ThrowawayPostgres postgres;
    private String database;

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
        database = postgres.createDatabase();
        // Half the tests use the URL form a user types, half the JDBC form.
        return CatalogLocation.parse(database.hashCode() % 2 == 0 ? postgres.url(database) : postgres.jdbcUrl(database)
                + "?user=" + ThrowawayPostgres.USER);
    }

    @Override
    Connection rawConnection() throws Exception {
        return jdbc(postgres.jdbcUrl(database), ThrowawayPostgres.USER);
    }

    @Test
    void unreachableServer_isAnEnvironmentErrorNamingTheServer() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String url = "postgresql://bulwark:secret@127.0.0.1:" + closedPort + "/catalog";
        assertThatThrownBy(() -> Catalog.open(CatalogLocation.parse(url), Duration.ofSeconds(1), clock))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("in catalog jdbc:postgresql://127.0.0.1:" + closedPort + "/catalog: the database "
                        + "server cannot be reached").hasMessageNotContaining("secret")
                .extracting(e -> ((CatalogException) e).kind()).isEqualTo(Kind.ENVIRONMENT);
    }

    @Test
    void serverGoneBetweenTwoDecisions_recordsNeitherHalfOfTheSecond() throws Exception {
        catalog.define(Synthetic.image("a"));
        postgres.stopServer();
        try {
            assertThatThrownBy(() -> catalog.recordBuild(Synthetic.build("a", "libc6=2.41-12")))
                    .isInstanceOf(CatalogException.class).hasMessageContaining("cannot be reached")
                    .extracting(e -> ((CatalogException) e).kind()).isEqualTo(Kind.ENVIRONMENT);
        } finally {
            postgres.startServer();
        }
        assertThat(catalog.builds("a")).isEmpty();
        assertThat(count("SELECT build_count FROM images")).isZero();
        assertThat(catalog.recordBuild(Synthetic.build("a", "libc6=2.41-12"))).isEqualTo(1);
    }
}
