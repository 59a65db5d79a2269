package dev.bulwark.builder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.builder.api.AdvisorySelection;
import dev.bulwark.builder.api.Workspace;
import dev.bulwark.builder.lock.LockRequest;
import dev.bulwark.builder.lock.Locker;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.fetch.FetchException;
import dev.bulwark.scan.advisory.ChangelogSource;
import dev.bulwark.scan.advisory.OsvSource;
import dev.bulwark.scan.advisory.TrackerJsonSource;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.lock.Lockfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library facade wired against the fake archive: what the CLI and the server get from one configuration. */
class WorkspaceTest {
    @TempDir
    Path dir;

    @Test
    void fetch_lockNamingAVersionThePoolDropped_saysToLockAgainAndKeepsWhatArrived() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Spec spec = world.toolSpec();
            Locker locker = world.workspace(dir.resolve("cache")).locker();
            Lockfile lock = locker.lock(new LockRequest(spec, dir.resolve("tool.lock.json"), false, List.of("amd64"),
                    null), Progress.NONE).lockfile();
            Map<String, List<Lockfile.LockedPackage>> archs = new LinkedHashMap<>();
            List<Lockfile.LockedPackage> packages = new java.util.ArrayList<>(lock.archs().get("amd64"));
            Lockfile.LockedPackage first = packages.get(0);
            packages.set(0, new Lockfile.LockedPackage(first.name(), first.version(), first.architecture(),
                    first.source(), first.sourceVersion(), first.suite(), first.component(),
                    "pool/main/g/gone/gone_0_amd64.deb", first.size(), first.sha256()));
            archs.put("amd64", packages);
            Lockfile stale = new Lockfile(lock.version(), lock.specName(), lock.specSha256(), lock.distribution(),
                    lock.sourceDateEpoch(), lock.sourceDateEpochPolicy(), lock.suites(), archs);

            assertThatThrownBy(() -> locker.fetch(stale, Progress.NONE))
                    .isInstanceOfSatisfying(FetchException.class, e -> {
                        assertThat(e).hasMessageContaining("gone_0_amd64.deb")
                                .hasMessageContaining("no longer serves a version this lock pins")
                                .hasMessageContaining("bulwark lock SPEC");
                        assertThat(e.anyNotFound()).isTrue();
                        assertThat(e.partial().paths()).hasSize(packages.size() - 1);
                    });
        }
    }

    @Test
    void open_refusesACacheThatIsAFileBeforeAnyDownload() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
            assertThatThrownBy(() -> world.workspace(file)).isInstanceOf(BulwarkException.class)
                    .hasMessageContaining("cannot write the cache " + file);
            assertThat(world.archive.requests()).isEmpty();
        }
    }

    @Test
    void advisories_withoutNamesOrDatabase_fallBackToArchiveChangelogsAndSaySo() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Path cache = dir.resolve("cache");
            Workspace workspace = world.workspace(cache);
            AdvisorySelection.Selected selected = AdvisorySelection.select(List.of(), cache, Map.of(),
                    Clock.systemUTC(), () -> workspace, "amd64", Progress.NONE);
            assertThat(selected.sources()).singleElement().isInstanceOf(ChangelogSource.class);
            assertThat(selected.notes()).singleElement().asString().startsWith("no advisory database");
        }
    }

    @Test
    void advisories_databaseNamedButNeverFetched_isBadInputAndOpensNoArchive() {
        assertThatThrownBy(() -> AdvisorySelection.select(List.of("db"), dir, Map.of(), Clock.systemUTC(), () -> {
            throw new AssertionError("the database needs no archive");
        }, "amd64", Progress.NONE)).isInstanceOfSatisfying(BulwarkException.class,
                e -> assertThat(e.kind()).isEqualTo(BulwarkException.Kind.BAD_INPUT))
                .hasMessageContaining("run 'bulwark advisories update' first");
    }

    @Test
    void advisories_fileSourceTellsOsvZipFromTrackerJsonByContent() throws Exception {
        Path zip = Files.write(dir.resolve("advisories.json"), new byte[] {'P', 'K', 3, 4});
        Path json = Files.writeString(dir.resolve("tracker.zip"), "{}");
        assertThat(AdvisorySelection.fileSource(zip)).isInstanceOf(OsvSource.class);
        assertThat(AdvisorySelection.fileSource(json)).isInstanceOf(TrackerJsonSource.class);
        assertThatThrownBy(() -> AdvisorySelection.fileSource(dir.resolve("missing")))
                .hasMessageContaining("no such file or directory");
    }
}
