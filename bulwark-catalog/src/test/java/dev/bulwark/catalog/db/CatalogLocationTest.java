package dev.bulwark.catalog.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.catalog.CatalogException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CatalogLocationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "postgresql://cat:s%40cret@db.example.invalid:5433/bulwark?sslmode=require | jdbc:postgresql://db.example.invalid:5433/bulwark?sslmode=require | cat | s@cret",
            "postgres://db.example.invalid/bulwark | jdbc:postgresql://db.example.invalid/bulwark | | ",
            "postgresql://u@[::1]:5432/c | jdbc:postgresql://[::1]:5432/c | u | ",
            "jdbc:postgresql://127.0.0.1:5432/c?user=u | jdbc:postgresql://127.0.0.1:5432/c?user=u | | "})
    void parse_turnsPostgresUrlsIntoJdbcUrlAndCredentials(String input, String jdbc, String user, String password)
            throws Exception {
        CatalogLocation.Postgres p = (CatalogLocation.Postgres) CatalogLocation.parse(input);
        assertThat(p.jdbcUrl()).isEqualTo(jdbc);
        assertThat(p.user()).isEqualTo(user);
        assertThat(p.password()).isEqualTo(password);
        assertThat(p.display()).doesNotContain("cret");
    }

    @Test
    void parse_takesAnythingElseAsAnSqliteFile() throws Exception {
        assertThat(CatalogLocation.parse("team.db")).isEqualTo(new CatalogLocation.SqliteFile(Path.of("team.db")));
        assertThat(CatalogLocation.parse("jdbc:sqlite:/srv/c.db")).isEqualTo(new CatalogLocation.SqliteFile(Path.of("/srv/c.db")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:mysql://h/db | only SQLite files and PostgreSQL",
            "jdbc:postgresql:db | expected jdbc:postgresql://HOST",
            "postgresql:///db | expected postgresql://",
            "'' | the location is empty"})
    void parse_refusesWhatIsNeitherWithBadInput(String input, String message) {
        assertThatThrownBy(() -> CatalogLocation.parse(input)).isInstanceOf(CatalogException.class)
                .hasMessageContaining(message);
    }

    @Test
    void parse_neverShowsThePasswordOfARefusedUrl() {
        assertThatThrownBy(() -> CatalogLocation.parse("postgresql://u:hunter2@/db")).isInstanceOf(CatalogException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void defaultFor_followsBulwarkCatalogThenXdgDataHomeThenHome() throws Exception {
        Path home = Path.of("/home/u");
        assertThat(CatalogLocation.defaultFor(Map.of(), home))
                .isEqualTo(new CatalogLocation.SqliteFile(Path.of("/home/u/.local/share/bulwark/catalog.db")));
        assertThat(CatalogLocation.defaultFor(Map.of("XDG_DATA_HOME", "/data"), home))
                .isEqualTo(new CatalogLocation.SqliteFile(Path.of("/data/bulwark/catalog.db")));
        assertThat(CatalogLocation.defaultFor(Map.of("XDG_DATA_HOME", "relative"), home))
                .isEqualTo(new CatalogLocation.SqliteFile(Path.of("/home/u/.local/share/bulwark/catalog.db")));
        assertThat(CatalogLocation.defaultFor(Map.of("BULWARK_CATALOG", "postgresql://h/c", "XDG_DATA_HOME", "/d"), home))
                .isInstanceOf(CatalogLocation.Postgres.class);
    }
}
