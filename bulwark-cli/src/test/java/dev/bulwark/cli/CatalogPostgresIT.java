package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.testkit.ThrowawayPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bulwark catalog add} and the read verbs against a real PostgreSQL 15 (a throwaway cluster on loopback). */
class CatalogPostgresIT {
    @TempDir
    Path dir;

    @Test
    void add_thenReadVerbs_workOnAPostgresCatalog() throws Exception {
        try (ThrowawayPostgres pg = ThrowawayPostgres.startOrSkip(); FakeArchiveCli fake = new FakeArchiveCli(dir)) {
            String url = pg.url(pg.createDatabase());
            CliRun add = fake.run("catalog", "add", fake.pythonSpec().toString(), "--catalog", url, "--publish",
                    "oci:" + dir.resolve("py"), "--format", "json");
            assertThat(add.exitCode()).as(add.err()).isZero();
            JsonNode added = new ObjectMapper().readTree(add.out());
            assertThat(added.get("build").asInt()).isEqualTo(1);

            CliRun list = CliRun.of("catalog", "list", "--catalog", url);
            assertThat(list.exitCode()).as(list.err()).isZero();
            assertThat(list.out()).contains("python3").contains(added.get("published").get(1).get("digest").asText());
            CliRun who = CliRun.of("catalog", "who-uses", "glibc", "--catalog", pg.jdbcUrl("test1") + "?user=bulwark");
            assertThat(who.out()).endsWith("1 image uses glibc\n");
        }
    }
}
