package dev.bulwark.catalog.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SchemaVersionTest {
    @Test
    void schemaVersion_isTheHighestMigrationShipped() throws Exception {
        URL dir = CatalogDatabase.class.getClassLoader().getResource("db/migration");
        Pattern name = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");
        int highest = 0;
        java.util.SortedSet<Integer> shipped = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = name.matcher(f.getFileName().toString());
                assertThat(m.matches()).as("migration file name " + f.getFileName()).isTrue();
                highest = Math.max(highest, Integer.parseInt(m.group(1)));
                shipped.add(Integer.parseInt(m.group(1)));
            }
        }
        assertThat(CatalogDatabase.SCHEMA_VERSION).isEqualTo(highest);
        assertThat(CatalogDatabase.MIGRATIONS).as("CatalogDatabase.MIGRATIONS lists every file").isEqualTo(shipped);
    }
}
