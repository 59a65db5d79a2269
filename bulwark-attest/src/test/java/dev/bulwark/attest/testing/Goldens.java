package dev.bulwark.attest.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files under {@code src/test/resources/golden}. Regenerate them all with
 * {@code ./mvnw -pl bulwark-attest test -Dbulwark.updateGoldens=true} and review the diff.
 */
public final class Goldens {
    private static final Path DIR = Path.of("src/test/resources/golden");

    private Goldens() {
    }

    public static void assertMatches(String name, byte[] actual) throws IOException {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("bulwark.updateGoldens")) {
            Files.createDirectories(file.getParent());
            Files.write(file, actual);
        }
        assertThat(Files.exists(file)).as("golden %s exists (run with -Dbulwark.updateGoldens=true)", file).isTrue();
        assertThat(new String(actual, StandardCharsets.UTF_8))
                .isEqualTo(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }
}
