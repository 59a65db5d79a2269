package dev.bulwark.image.components;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real jar from the local Maven repository (jackson-databind, which this build depends on, so it is always there)
 * in a test image, alone and inside a war: found with the coordinates of its own pom.properties and the licence of
 * its pom.
 */
class RealJarIT {

    @TempDir
    Path tmp;

    @Test
    void find_readsJacksonDatabindFromTheLocalRepository() throws Exception {
        Path versions = Path.of(System.getProperty("user.home"), ".m2", "repository", "com", "fasterxml", "jackson",
                "core", "jackson-databind");
        Path jar;
        try (Stream<Path> s = Files.walk(versions, 2)) {
            jar = s.filter(p -> p.getFileName().toString().matches("jackson-databind-[0-9.]+\\.jar")).sorted()
                    .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no jackson-databind jar under " + versions));
        }
        String version = jar.getParent().getFileName().toString();
        byte[] bytes = Files.readAllBytes(jar);
        byte[] war = TestArchives.zip(Map.of("WEB-INF/lib/" + jar.getFileName(), bytes));

        ImageComponents found = ComponentFinder.find(TestArchives.image(tmp, List.of(
                TestArchives.file("/app/lib/" + jar.getFileName(), bytes), TestArchives.file("/srv/site.war", war))));

        assertThat(found.notes()).isEmpty();
        assertThat(found.components()).extracting(c -> c.purl() + " " + c.licenses() + " @ " + c.location())
                .containsExactly(
                        "pkg:maven/com.fasterxml.jackson.core/jackson-databind@" + version + " [Apache-2.0] @ /app/lib/"
                                + jar.getFileName(),
                        "pkg:maven/com.fasterxml.jackson.core/jackson-databind@" + version + " [Apache-2.0] @ /srv/site.war!/WEB-INF/lib/"
                                + jar.getFileName());
    }
}
