package dev.bulwark.builder.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.TempFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cache on disk with files of known last use, surveyed and pruned; the tree left behind is the assertion. */
class CacheContentsTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Instant OLD = NOW.minus(Duration.ofDays(40));
    private static final Instant RECENT = NOW.minus(Duration.ofDays(2));
    private static final String DEB_A = "a".repeat(64);
    private static final String DEB_B = "b".repeat(64);

    @TempDir
    Path cache;

    @org.junit.jupiter.api.BeforeEach
    void tag() throws IOException {
        CacheDirectory.markAsBulwarks(cache);
    }

    @Test
    void prune_removesWhatWasUnusedSinceTheCutoff_keepsTheRest_andLeavesNoEmptySuiteDirectory() throws IOException {
        file("debs/sha256/" + DEB_A, 100, OLD, OLD);
        file("debs/sha256/" + DEB_B, 200, OLD, RECENT);   // read two days ago: in use
        file("indexes/http_mirror_debian_/trixie-security/InRelease", 10, OLD, OLD);
        file("indexes/http_mirror_debian_/trixie-security/InRelease.meta", 5, OLD, OLD);
        file("indexes/parsed/" + "c".repeat(64) + ".b3", 30, RECENT, RECENT);
        file("layers/" + "d".repeat(64), 7, OLD, OLD);

        CacheContents.PruneResult r = prune(Duration.ofDays(30), Set.of(), false);

        assertThat(tree()).containsOnlyKeys("debs/sha256/" + DEB_B, "indexes/parsed/" + "c".repeat(64) + ".b3");
        assertThat(cache.resolve("indexes/http_mirror_debian_/trixie-security")).as("suite directory").doesNotExist();
        assertThat(Files.isDirectory(cache.resolve("layers"))).as("an area itself stays").isTrue();
        assertThat(r.removed()).extracting(CacheContents.Entry::area).containsExactlyInAnyOrder("debs", "indexes",
                "indexes", "layers");
        assertThat(r.bytesFreed()).isEqualTo(100 + 10 + 5 + 7);
        assertThat(r.kept()).isEqualTo(2);
        assertThat(r.keptBytes()).isEqualTo(230);
        assertThat(r.failed()).isZero();
    }

    @Test
    void prune_keepsTheDebsALockNames_whateverTheirAge_evenWithAll() throws IOException {
        file("debs/sha256/" + DEB_A, 100, OLD, OLD);
        file("debs/sha256/" + DEB_B, 200, OLD, OLD);

        prune(null, Set.of(DEB_A), false);

        assertThat(tree()).containsOnlyKeys("debs/sha256/" + DEB_A);
    }

    @Test
    void prune_takesABaseLayoutAsAWhole_keptWhileAnyOfItsFilesIsInUse() throws IOException {
        file("bases/java-0123456789abcdef/index.json", 50, OLD, OLD);
        file("bases/java-0123456789abcdef/blobs/sha256/" + DEB_A, 500, OLD, RECENT);
        file("bases/app-fedcba9876543210/index.json", 60, OLD, OLD);
        file("bases/app-fedcba9876543210/blobs/sha256/" + DEB_B, 600, OLD, OLD);

        CacheContents.PruneResult r = prune(Duration.ofDays(30), Set.of(), false);

        assertThat(tree()).containsOnlyKeys("bases/java-0123456789abcdef/index.json",
                "bases/java-0123456789abcdef/blobs/sha256/" + DEB_A);
        assertThat(r.removed()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo(cache.resolve("bases/app-fedcba9876543210"));
            assertThat(e.bytes()).isEqualTo(660);
        });
    }

    @Test
    void prune_dryRun_reportsWhatAPruneWouldRemove_andRemovesNothing() throws IOException {
        file("debs/sha256/" + DEB_A, 100, OLD, OLD);
        file("evidence/" + "e".repeat(64) + "/provenance.json", 40, OLD, OLD);
        Map<String, Long> before = tree();

        CacheContents.PruneResult dry = prune(Duration.ofDays(30), Set.of(), true);

        assertThat(tree()).isEqualTo(before);
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.removed()).hasSize(2);
        assertThat(dry.bytesFreed()).isEqualTo(140);
        CacheContents.PruneResult real = prune(Duration.ofDays(30), Set.of(), false);
        assertThat(real.removed()).isEqualTo(dry.removed());
        assertThat(tree()).isEmpty();
    }

    @Test
    void prune_all_leavesTheAdvisoryDatabase_aLiveRunsTempFiles_andFilesOutsideBulwarksAreas() throws IOException {
        file("advisories/tracker.json", 1000, OLD, OLD);
        file("advisories/db.properties", 20, OLD, OLD);
        file("advisories/index/" + "f".repeat(64) + ".idx", 90, OLD, OLD);
        file("notes.txt", 3, OLD, OLD);                       // the user's own file next to the areas
        file("debs/sha256/" + DEB_A, 100, RECENT, RECENT);
        Files.createDirectories(cache.resolve("blobs/sha256"));
        Path live = TempFiles.createFile(cache.resolve("blobs/sha256"), "layer");   // this process writes it now
        Files.writeString(live, "half a layer");

        CacheContents.PruneResult r = prune(null, Set.of(), false);

        assertThat(tree()).containsOnlyKeys("advisories/tracker.json", "advisories/db.properties", "notes.txt",
                cache.relativize(live).toString());
        assertThat(r.removed()).extracting(CacheContents.Entry::area).containsExactlyInAnyOrder("advisory-indexes",
                "debs");
        assertThat(r.leftovers()).isZero();
    }

    @Test
    void prune_removesTheTempFilesOfARunThatIsGone() throws IOException {
        // a temp name of this host's pid namespace whose process has ended: what a killed build leaves
        Path live = TempFiles.createFile(Files.createDirectories(cache.resolve("tmp")), "build");
        String dead = live.getFileName().toString().replaceFirst("\\.tmp-\\d+-", ".tmp-" + deadPid() + "-");
        Path leftover = Files.move(live, live.resolveSibling(dead));

        CacheContents.PruneResult dry = prune(Duration.ofDays(30), Set.of(), true);
        assertThat(dry.leftovers()).isEqualTo(1);
        assertThat(leftover).exists();

        CacheContents.PruneResult r = prune(Duration.ofDays(30), Set.of(), false);
        assertThat(r.leftovers()).isEqualTo(1);
        assertThat(leftover).doesNotExist();
    }

    @Test
    void prune_neverFollowsALink_outOfTheCache() throws IOException {
        Path outside = Files.createTempFile("bulwark-outside", ".deb");
        try {
            setTimes(outside, OLD, OLD);
            Files.createDirectories(cache.resolve("debs/sha256"));
            Files.createSymbolicLink(cache.resolve("debs/sha256/" + DEB_A), outside);
            Files.createSymbolicLink(cache.resolve("bases"), outside.getParent());

            CacheContents.PruneResult r = prune(null, Set.of(), false);

            assertThat(outside).exists();
            assertThat(r.removed()).isEmpty();
            assertThat(CacheContents.survey(cache).entries()).isZero();
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void survey_countsEachAreaOldestUseFirst_andTheAdvisoryDatabaseApart() throws IOException {
        file("debs/sha256/" + DEB_A, 100, OLD, OLD);
        file("debs/sha256/" + DEB_B, 200, RECENT, RECENT);
        file("advisories/tracker.json", 1000, OLD, OLD);
        file("evidence/" + "e".repeat(64) + "/sbom-amd64.spdx.json", 40, OLD, RECENT);

        CacheContents.Survey s = CacheContents.survey(cache);

        Map<String, CacheContents.AreaUsage> byArea = s.areas().stream()
                .collect(Collectors.toMap(CacheContents.AreaUsage::area, a -> a));
        assertThat(byArea.get("debs")).satisfies(a -> {
            assertThat(a.entries()).isEqualTo(2);
            assertThat(a.bytes()).isEqualTo(300);
            assertThat(a.oldestUse()).isEqualTo(OLD);
            assertThat(a.newestUse()).isEqualTo(RECENT);
        });
        assertThat(byArea.get("evidence").newestUse()).isEqualTo(RECENT);
        assertThat(byArea.get("watch").entries()).isZero();
        assertThat(byArea.get("watch").oldestUse()).isNull();
        assertThat(s.entries()).isEqualTo(3);
        assertThat(s.bytes()).isEqualTo(340);
        assertThat(s.advisoryDatabase()).isEqualTo(1000);
    }

    @Test
    void survey_ofACacheThatDoesNotExist_isEmpty() {
        CacheContents.Survey s = CacheContents.survey(cache.resolve("never-made"));
        assertThat(s.entries()).isZero();
        assertThat(s.areas()).isNotEmpty();
    }

    @Test
    void prune_refusesADirectoryBulwarkDidNotTag_losingNothing() throws IOException {
        Path elsewhere = cache.resolve("home");
        Files.createDirectories(elsewhere.resolve("blobs"));
        file("home/blobs/photo.jpg", 10, OLD, OLD);
        Files.writeString(elsewhere.resolve(CacheDirectory.TAG), "Signature: 8a477f597d28d172789f06886806bc55\n");

        assertThatThrownBy(() -> CacheContents.prune(new CacheContents.PruneRequest(elsewhere, null, Set.of(), false,
                NOW))).isInstanceOf(dev.bulwark.builder.BuildException.class)
                .hasMessageContaining("not a cache Bulwark made");
        assertThat(elsewhere.resolve("blobs/photo.jpg")).exists();
    }

    @Test
    void prune_keepsAWholeEntryARunIsWritingInto_evenWithAll() throws IOException {
        file("bases/java-0123456789abcdef/index.json", 50, OLD, OLD);
        Path blobs = Files.createDirectories(cache.resolve("bases/java-0123456789abcdef/blobs/sha256"));
        TempFiles.createFile(blobs, "blob");   // this process is rebuilding the base now

        CacheContents.PruneResult r = prune(null, Set.of(), false);

        assertThat(cache.resolve("bases/java-0123456789abcdef/index.json")).exists();
        assertThat(r.removed()).isEmpty();
        assertThat(r.kept()).isEqualTo(1);
    }

    @Test
    void prune_leavesNoTempDirectoryBehind_afterRemovingWholeEntries() throws IOException {
        file("evidence/" + "e".repeat(64) + "/provenance.json", 40, OLD, OLD);
        file("evidence/" + "e".repeat(64) + "/linux-amd64.SPDX.json", 40, OLD, OLD);

        prune(Duration.ofDays(30), Set.of(), false);

        try (Stream<Path> left = Files.list(cache.resolve("evidence"))) {
            assertThat(left).isEmpty();
        }
    }

    private CacheContents.PruneResult prune(Duration olderThan, Set<String> keep, boolean dryRun) {
        try {
            return CacheContents.prune(new CacheContents.PruneRequest(cache, olderThan, keep, dryRun, NOW));
        } catch (dev.bulwark.builder.BuildException e) {
            throw new AssertionError(e);
        }
    }

    private void file(String relative, int size, Instant modified, Instant accessed) throws IOException {
        Path p = cache.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[size]);
        setTimes(p, modified, accessed);
    }

    private static void setTimes(Path p, Instant modified, Instant accessed) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class)
                .setTimes(FileTime.from(modified), FileTime.from(accessed), null);
    }

    /** Every regular file left in the cache, by relative path, with its size. */
    private Map<String, Long> tree() throws IOException {
        try (Stream<Path> walk = Files.walk(cache)) {
            Map<String, Long> out = new TreeMap<>();
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p) && !p.equals(cache.resolve(CacheDirectory.TAG))) {
                    out.put(cache.relativize(p).toString(), Files.size(p));
                }
            }
            return out;
        }
    }

    /** A pid no process has: one past the highest the kernel hands out. */
    private static long deadPid() throws IOException {
        List<String> max = Files.readAllLines(Path.of("/proc/sys/kernel/pid_max"));
        return Long.parseLong(max.get(0).strip()) + 1;
    }
}
