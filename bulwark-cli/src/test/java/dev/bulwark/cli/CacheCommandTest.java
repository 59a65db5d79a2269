package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'bulwark cache info|prune' as a user runs them, on a cache laid out on disk with known last uses. */
class CacheCommandTest {
    private static final String OLD_DEB = "a".repeat(64);
    private static final String NEW_DEB = "b".repeat(64);

    @TempDir
    Path dir;

    @Test
    void info_showsEachAreaAndItsSize_asTextAndJson() throws Exception {
        Path cache = cache();

        CliRun text = CliRun.of("cache", "info", "--cache", cache.toString());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("Cache " + cache + ": 300 B in 2 entries")
                .containsPattern("debs +2 +300 B");

        CliRun json = CliRun.of("cache", "info", "--cache", cache.toString(), "--format", "json");
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.get("entries").asInt()).isEqualTo(2);
        assertThat(root.get("areas").get(0).get("area").asText()).isEqualTo("debs");
        assertThat(root.get("areas").get(0).get("size").asLong()).isEqualTo(300);
        assertThat(root.get("bulwarkCache").asBoolean()).isTrue();
    }

    @Test
    void prune_removesWhatNoRunUsedFor30Days_byDefault_andSaysWhatItFreed() throws Exception {
        Path cache = cache();

        CliRun dry = CliRun.of("cache", "prune", "--cache", cache.toString(), "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("would remove debs debs/sha256/" + OLD_DEB + "  100 B")
                .contains("would remove 1 entries unused for 30 d, 100 B would be freed; kept 1 entries, 200 B");
        assertThat(cache.resolve("debs/sha256/" + OLD_DEB)).exists();

        CliRun run = CliRun.of("cache", "prune", "--cache", cache.toString(), "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.get("bytesFreed").asLong()).isEqualTo(100);
        assertThat(root.get("olderThanSeconds").asLong()).isEqualTo(Duration.ofDays(30).toSeconds());
        assertThat(root.get("removed").get(0).get("path").asText()).isEqualTo("debs/sha256/" + OLD_DEB);
        assertThat(cache.resolve("debs/sha256/" + OLD_DEB)).doesNotExist();
        assertThat(cache.resolve("debs/sha256/" + NEW_DEB)).exists();
    }

    @Test
    void prune_all_keepsTheDebsOfEachKeptLock() throws Exception {
        Path cache = cache();
        Path lock = dir.resolve("app.yaml.lock.json");
        LockfileCodec.write(new Lockfile(Lockfile.V1, "app", "0".repeat(64), "trixie", 0, "fixed", List.of(),
                Map.of("amd64", List.of(new Lockfile.LockedPackage("base-files", "13.8", "amd64", "base-files", "13.8",
                        "trixie", "main", "pool/main/b/base-files/base-files_13.8_amd64.deb", 100, OLD_DEB)))), lock);

        CliRun run = CliRun.of("cache", "prune", "--all", "--keep", lock.toString(), "--cache", cache.toString());

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(cache.resolve("debs/sha256/" + OLD_DEB)).exists();
        assertThat(cache.resolve("debs/sha256/" + NEW_DEB)).doesNotExist();
        assertThat(run.out()).contains("removed 1 entries, 200 B freed; kept 1 entries, 100 B");
    }

    @Test
    void prune_refusesAllWithAnAge_andAKeptLockThatIsNotThere_losingNothing() throws Exception {
        Path cache = cache();

        CliRun both = CliRun.of("cache", "prune", "--all", "--older-than", "7d", "--cache", cache.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--all and --older-than");

        CliRun missing = CliRun.of("cache", "prune", "--keep", dir.resolve("nope.lock.json").toString(), "--cache",
                cache.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot keep the .debs of").contains("no such file");

        CliRun badAge = CliRun.of("cache", "prune", "--older-than", "a week", "--cache", cache.toString());
        assertThat(badAge.exitCode()).isEqualTo(2);
        assertThat(badAge.err()).contains("is not a duration");

        assertThat(cache.resolve("debs/sha256/" + OLD_DEB)).exists();
        assertThat(cache.resolve("debs/sha256/" + NEW_DEB)).exists();
    }

    @Test
    void cache_withoutASubcommand_printsItsUsage_andExitsTwo() {
        CliRun run = CliRun.of("cache");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Usage: bulwark cache").contains("prune");
    }

    @Test
    void prune_ofADirectoryBulwarkDidNotTag_isRefused_untilTagMarksIt() throws Exception {
        Path cache = cache();
        Files.delete(cache.resolve("CACHEDIR.TAG"));

        CliRun refused = CliRun.of("cache", "prune", "--all", "--cache", cache.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("not a cache Bulwark made").contains("bulwark cache tag");
        assertThat(cache.resolve("debs/sha256/" + OLD_DEB)).exists();
        assertThat(CliRun.of("cache", "info", "--cache", cache.toString()).out()).contains("not marked as a cache");

        CliRun tag = CliRun.of("cache", "tag", "--cache", cache.toString());
        assertThat(tag.exitCode()).as(tag.err()).isZero();
        CliRun pruned = CliRun.of("cache", "prune", "--all", "--cache", cache.toString());
        assertThat(pruned.exitCode()).as(pruned.err()).isZero();
        assertThat(cache.resolve("debs/sha256/" + OLD_DEB)).doesNotExist();
    }

    @Test
    void tag_refusesADirectoryWithNoneOfTheCachesOwn() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        CliRun tag = CliRun.of("cache", "tag", "--cache", home.toString());
        assertThat(tag.exitCode()).isEqualTo(2);
        assertThat(tag.err()).contains("holds none of the cache's directories");
        assertThat(home.resolve("CACHEDIR.TAG")).doesNotExist();
    }

    @Test
    void prune_refusesAnAgeUnderADay_andSaysNothingIsCachedWhereNothingIs() throws Exception {
        Path cache = cache();
        CliRun hours = CliRun.of("cache", "prune", "--older-than", "12h", "--cache", cache.toString());
        assertThat(hours.exitCode()).isEqualTo(2);
        assertThat(hours.err()).contains("under a day");
        assertThat(cache.resolve("debs/sha256/" + NEW_DEB)).exists();

        CliRun none = CliRun.of("cache", "prune", "--cache", dir.resolve("never").toString());
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).contains("Nothing to prune: no cache at");
        CliRun file = CliRun.of("cache", "info", "--cache", Files.writeString(dir.resolve("f"), "x").toString());
        assertThat(file.exitCode()).isEqualTo(2);
        assertThat(file.err()).contains("is not a directory");
    }

    /** Two cached .debs: one last used 40 days ago, one an hour ago. */
    private Path cache() throws IOException {
        Path cache = dir.resolve("cache");
        Path debs = Files.createDirectories(cache.resolve("debs/sha256"));
        dev.bulwark.builder.api.CacheDirectory.markAsBulwarks(cache);
        write(debs.resolve(OLD_DEB), 100, Instant.now().minus(Duration.ofDays(40)));
        write(debs.resolve(NEW_DEB), 200, Instant.now().minus(Duration.ofHours(1)));
        return cache;
    }

    private static void write(Path p, int size, Instant used) throws IOException {
        Files.write(p, new byte[size]);
        Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(FileTime.from(used), FileTime.from(used),
                null);
    }
}
