package dev.bulwark.cli;

import dev.bulwark.testkit.ThrowawayPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch scenario of {@link WatchCommandTest} on a real PostgreSQL 15 (a throwaway cluster on loopback). */
class WatchPostgresIT {
    @TempDir
    Path dir;

    @Test
    void securityUpdate_rebuildsExactlyTheTwoImagesUsingIt_onAPostgresCatalog() throws Exception {
        try (ThrowawayPostgres pg = ThrowawayPostgres.startOrSkip();
                WatchScenario scenario = new WatchScenario(dir, pg.url(pg.createDatabase()))) {
            WatchCommandTest.check(scenario);
        }
    }
}
