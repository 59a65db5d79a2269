package dev.bulwark.builder.pipeline;

import dev.bulwark.core.TempFiles;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.builder.lock.UpdateCheck;
import dev.bulwark.scan.match.Outdated;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The one line a build from a lock prints when the lock misses CVE fixes the suites now carry. The answer is kept per
 * lock digest in {@code <cache>/lock-checks/} and recomputed at most every {@link #REFRESH}; any failure (offline, an
 * archive error) means no warning, never a failed build.
 */
public final class StaleLockWarning {

    public static final Duration REFRESH = Duration.ofHours(1);

    private final UpdateCheck check;
    private final Path dir;
    private final Clock clock;

    public StaleLockWarning(UpdateCheck check, Path cacheDir, Clock clock) {
        this.check = check;
        this.dir = cacheDir.resolve("lock-checks");
        this.clock = clock;
    }

    /** The warning for {@code lock} (read from {@code lockPath}), or empty when it misses no fix or cannot tell. */
    public Optional<String> warning(String specPath, Path lockPath, Lockfile lock, List<String> archs) {
        try {
            Path memo = dir.resolve(dev.bulwark.core.Sha256.key(dev.bulwark.core.Sha256.hex(lockPath), String.join(",", archs))
                    + ".properties");
            Optional<String> fresh = remembered(memo);
            if (fresh.isPresent()) {
                return fresh.filter(w -> !w.isEmpty());
            }
            String w = compute(specPath, lockPath, lock, archs);
            remember(memo, w);
            return w.isEmpty() ? Optional.empty() : Optional.of(w);
        } catch (IOException | RuntimeException | dev.bulwark.core.BulwarkException e) {
            if (System.getenv("BULWARK_DEBUG") != null) {
                System.err.println("bulwark: (no stale-lock check: " + e + ")");
            }
            return Optional.empty();
        }
    }

    /**
     * The warning remembered in {@code memo} when it was worked out less than {@link #REFRESH} ago ("" for none), or
     * empty when it must be worked out again: no memo, an old one, one from the future, or one that is unreadable or
     * was pruned by another run between the look and the read.
     */
    private Optional<String> remembered(Path memo) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(memo, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        Instant checked;
        try {
            checked = Instant.parse(p.getProperty("checked", ""));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (checked.isAfter(now) || Duration.between(checked, now).compareTo(REFRESH) >= 0) {
            return Optional.empty();
        }
        return Optional.of(p.getProperty("warning", ""));
    }

    /** Keeps {@code warning} for the next hour's builds; a cache that cannot be written only means checking again. */
    private void remember(Path memo, String warning) {
        Properties p = new Properties();
        p.setProperty("checked", clock.instant().toString());
        p.setProperty("warning", warning);
        try {
            Files.createDirectories(dir);
            Path temp = TempFiles.createFile(dir, "lock-check");
            try {
                try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                    p.store(out, null);
                }
                TempFiles.replace(temp, memo);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // only a speed-up: the next build checks again (a temp file left behind is swept with the cache's others)
        }
    }

    private String compute(String specPath, Path lockPath, Lockfile lock, List<String> archs)
            throws dev.bulwark.core.BulwarkException {
        List<Outdated.Report> reports = check.sinceLock(lock.specName(), lock, archs);
        List<String> packages = new ArrayList<>();
        int cves = 0;
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (Outdated.Report r : reports) {
            for (Outdated.Update u : r.fixing()) {
                if (seen.add(u.pkg().name())) {
                    packages.add(u.pkg().name() + " " + u.newer());
                    cves += u.fixes().size();
                }
            }
        }
        if (packages.isEmpty()) {
            return "";
        }
        return "warning: " + lockPath + " misses " + cves + " CVE fixes in " + packages.size() + " packages ("
                + String.join(", ", packages.subList(0, Math.min(5, packages.size())))
                + (packages.size() > 5 ? ", …" : "") + "); run 'bulwark lock " + specPath + "' (see 'bulwark outdated "
                + specPath + "')";
    }
}
