package dev.bulwark.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.server.Fleet;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet's CVE history read for the chart: only the window, with each image's state at its start. */
class FleetRowsTest {
    private static final long DAY = Duration.ofDays(1).toMillis();

    @TempDir
    Path dir;

    @Test
    void history_readsOnlyTheWindow_startingFromEachImagesLastScanBeforeIt() throws Exception {
        CatalogDatabase db = CatalogDatabase.open(new CatalogLocation.SqliteFile(dir.resolve("catalog.db")),
                Duration.ofSeconds(5));
        Catalog catalog = new Catalog(db, Clock.systemUTC());
        Fleet.addImage(catalog, "python3");   // builds 1 (one finding) and 2 (none)
        Fleet.addExposedBuild(catalog, "python3"); // build 3 (one finding)
        Fleet.addImage(catalog, "node");
        startedOnDay(db, "python3", 1, 0);
        startedOnDay(db, "python3", 2, 10);
        startedOnDay(db, "python3", 3, 200);
        startedOnDay(db, "node", 1, 5);
        startedOnDay(db, "node", 2, 150);

        List<FleetRows.Scan> scans = db.read("read the history", c -> FleetRows.history(c, null, 100 * DAY));
        assertThat(scans).extracting(s -> s.image() + "@" + s.at() / DAY + "=" + s.counts().total())
                .as("python3's build 1 is before the window and not its last scan there: not read")
                .containsExactly("node@100=1", "python3@100=0", "node@150=0", "python3@200=1");
        assertThat(CveChart.ofFleet(scans)).extracting(p -> p.at() / DAY + "=" + p.counts().total())
                .as("node's finding counts from the window's start until its fixed build")
                .containsExactly("100=1", "150=0", "200=1");

        List<FleetRows.Scan> python3 = db.read("read one image", c -> FleetRows.history(c, "python3", 100 * DAY));
        assertThat(python3).extracting(s -> s.at() / DAY + "=" + s.counts().total()).containsExactly("100=0", "200=1");
        List<FleetRows.Scan> all = db.read("read everything", c -> FleetRows.history(c, null, 0));
        assertThat(all).hasSize(5);
    }

    private static void startedOnDay(CatalogDatabase db, String image, int number, long day) throws Exception {
        db.transaction("move a build in time", c -> {
            try (var s = c.prepareStatement("UPDATE builds SET started_at = ? WHERE number = ? AND image_id = "
                    + "(SELECT id FROM images WHERE name = ?)")) {
                s.setLong(1, day * DAY);
                s.setInt(2, number);
                s.setString(3, image);
                assertThat(s.executeUpdate()).isEqualTo(1);
                return null;
            }
        });
    }
}
