package dev.bulwark.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.PackageUse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * DESIGN's target: {@code catalog who-uses} over 10,000 catalogued images in under 50 ms. Fills an SQLite catalog
 * through {@link Catalog#recordBuild} with {@link Synthetic} images — each with an older build and a current one, on
 * two archs, 40 packages drawn from a pool of 3,000; a quarter ship libssl3t64 (source openssl), half of those rebuilt
 * with its fix — then times the query inside the JVM (CPU and wall): the first (cold) lookup and the median of 9 warm ones, by binary
 * name, by source name and by exact version. {@code bench/who-uses.sh} runs it (-Dbench.images=N, the catalog kept at
 * -Dbench.catalog=FILE for the CLI's own timing) and prints the figures written to {@code target/bench-who-uses.txt}.
 * Without -Dbench.images it runs over 1,000 images. A benchmark, not a test: its name keeps it out of the ordinary
 * build, and the script compares its figures with the target.
 */
class WhoUsesBench {
    static final int POOL = 3000;

    @Test
    void whoUses_overManyImages_isUnderFiftyMilliseconds() throws Exception {
        int count = Integer.getInteger("bench.images", 1000);
        Path file = Path.of(System.getProperty("bench.catalog", "target/bench-who-uses.db"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        Catalog catalog = Catalog.open(new CatalogLocation.SqliteFile(file), Duration.ofSeconds(10), Clock.systemUTC());
        long filling = System.nanoTime();
        fill(catalog, count);
        Duration filled = Duration.ofNanos(System.nanoTime() - filling);

        StringBuilder figures = new StringBuilder(String.format(java.util.Locale.ROOT, "catalog of %d images (%d builds, "
                + "%d build-package rows) filled in %.1f s%n", count, 2 * count, 2 * count * 2 * 40, filled.toMillis() / 1e3));
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (String[] q : new String[][] {{"libssl3t64", null}, {"openssl", null}, {"libssl3t64", "1.0-1+deb13u1"}}) {
            long t = System.nanoTime();
            long tc = cpu.getCurrentThreadCpuTime();
            List<PackageUse> found = catalog.whoUses(q[0], q[1], false);
            long coldCpu = cpu.getCurrentThreadCpuTime() - tc;
            long cold = System.nanoTime() - t;
            long[] warm = new long[9];
            long[] warmCpu = new long[9];
            for (int i = 0; i < warm.length; i++) {
                long w = System.nanoTime();
                long wc = cpu.getCurrentThreadCpuTime();
                catalog.whoUses(q[0], q[1], false);
                warmCpu[i] = cpu.getCurrentThreadCpuTime() - wc;
                warm[i] = System.nanoTime() - w;
            }
            Arrays.sort(warm);
            Arrays.sort(warmCpu);
            long images = found.stream().map(PackageUse::image).distinct().count();
            assertThat(images).as("a quarter of the images ship libssl3t64").isGreaterThanOrEqualTo(count / 4 / 2);
            figures.append(String.format(java.util.Locale.ROOT, "who-uses %s: %d images (%d rows); cold %.1f ms CPU "
                    + "(%.1f ms wall), warm %.1f ms CPU (%.1f ms wall; medians of 9), in the JVM%n",
                    q[1] == null ? q[0] : q[0] + "=" + q[1], images, found.size(), coldCpu / 1e6, cold / 1e6,
                    warmCpu[4] / 1e6, warm[4] / 1e6));
        }
        figures.append(String.format(java.util.Locale.ROOT, "load average %.1f on %d cores%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors()));
        Files.writeString(Path.of("target/bench-who-uses.txt"), figures);
    }

    /**
     * Every image: build 1 with openssl 1.0-1, build 2 (current) with the fix for even-numbered images. Written with
     * the catalog's own row writers, as {@link Catalog#define} and {@link Catalog#recordBuild} do, but 500 images per
     * transaction: one commit per build would make filling, not the query, the bench's cost.
     */
    static void fill(Catalog catalog, int count) throws Exception {
        Random rnd = new Random(42);
        for (int from = 0; from < count; from += 500) {
            int start = from;
            catalog.database().transaction("fill the bench catalog", c -> {
                long now = System.currentTimeMillis();
                for (int n = start; n < Math.min(count, start + 500); n++) {
                    String name = String.format("image%05d", n);
                    long id = ImageRows.insert(c, Synthetic.image(name), now);
                    List<Integer> chosen = new ArrayList<>();
                    while (chosen.size() < 40) {
                        int p = rnd.nextInt(POOL);
                        if (!chosen.contains(p)) {
                            chosen.add(p);
                        }
                    }
                    if (n % 4 == 0 && !chosen.contains(0)) {
                        chosen.set(0, 0);
                    }
                    for (String version : List.of("1.0-1", n % 2 == 0 ? "1.0-1+deb13u1" : "1.0-1")) {
                        var b = Synthetic.build(name, packages(chosen, version), List.of(), null, List.of());
                        long buildId = BuildRows.insert(c, id, ImageRows.nextBuildNumber(c, id), b);
                        PackageRows.insert(c, buildId, b.packages());
                        ImageRows.setCurrent(c, id, buildId, now);
                    }
                }
                return null;
            });
        }
    }

    private static List<BuiltPackage> packages(List<Integer> chosen, String version) {
        List<String> entries = new ArrayList<>();
        for (int p : chosen) {
            entries.add(p == 0 ? "libssl3t64=" + version + "/openssl=" + version
                    : String.format("pkg%04d=%s/src%04d=%s", p, version, p / 3, version));
        }
        return Synthetic.packages(entries.toArray(String[]::new));
    }
}
