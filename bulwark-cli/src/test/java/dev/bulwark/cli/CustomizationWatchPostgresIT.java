package dev.bulwark.cli;

import dev.bulwark.testkit.ThrowawayPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The customization scenario of {@link CustomizationWatchTest} on a real PostgreSQL (a throwaway cluster). */
class CustomizationWatchPostgresIT {
    @TempDir
    Path dir;

    @Test
    void securityUpdateInTheBase_rebuildsTwoImagesAndTheCustomization_onAPostgresCatalog() throws Exception {
        try (ThrowawayPostgres pg = ThrowawayPostgres.startOrSkip();
                WatchScenario scenario = new WatchScenario(dir, pg.url(pg.createDatabase()))) {
            CustomizationWatchTest.check(scenario);
        }
    }
}
