package dev.bulwark.builder.api;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.debian.archive.MirrorConfig;
import dev.bulwark.debian.archive.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the Debian archive is and what Bulwark trusts and keeps of it: the mirrors, the key files trusted besides
 * Debian's own archive keys, the cache directory, how many downloads run at once and how failed requests are retried.
 *
 * @param version Bulwark's version, part of the trust id under which verified indexes are reused
 * @param inReleaseReuse how long an InRelease the mirror confirmed is used again without asking it (zero: ask every
 *     time, as lock, resolve and build do; scan and outdated use {@link #inReleaseReuse(Map)})
 */
public record ArchiveSettings(MirrorConfig mirror, Path cacheDir, int jobs, List<Path> keyrings, RetryPolicy retry,
        String version, Duration inReleaseReuse) {

    /** The environment variable that sets how long scan and outdated reuse a confirmed InRelease. */
    public static final String INRELEASE_REUSE_ENV = "BULWARK_INRELEASE_REUSE";
    /** Five minutes: a security update published since is seen by the next check after that, or at once with 0. */
    public static final Duration DEFAULT_INRELEASE_REUSE = Duration.ofMinutes(5);
    private static final Duration MAX_INRELEASE_REUSE = Duration.ofHours(24);

    public ArchiveSettings {
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(inReleaseReuse, "inReleaseReuse");
        if (inReleaseReuse.isNegative() || inReleaseReuse.compareTo(MAX_INRELEASE_REUSE) > 0) {
            throw new IllegalArgumentException("inReleaseReuse must be between 0 and 24 hours, not " + inReleaseReuse);
        }
        cacheDir = Objects.requireNonNull(cacheDir, "cacheDir").toAbsolutePath();
        keyrings = List.copyOf(keyrings);
        version = String.valueOf(version);
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, not " + jobs);
        }
    }

    /** Settings that ask the mirror for every InRelease. */
    public ArchiveSettings(MirrorConfig mirror, Path cacheDir, int jobs, List<Path> keyrings, RetryPolicy retry,
            String version) {
        this(mirror, cacheDir, jobs, keyrings, retry, version, Duration.ZERO);
    }

    /**
     * Settings from what a user gives: each flag may be null, then the environment ({@code BULWARK_MIRROR},
     * {@code BULWARK_SECURITY_MIRROR}, {@code BULWARK_CACHE}, {@code XDG_CACHE_HOME}) and the host's apt sources
     * decide.
     */
    public static ArchiveSettings resolve(String mirror, String securityMirror, String cache, int jobs,
            List<Path> keyrings, String version, Map<String, String> env) throws BulwarkException {
        return new ArchiveSettings(MirrorConfig.resolve(mirror, securityMirror, env, Path.of("/etc/apt")),
                cacheDir(cache, env), Math.max(1, jobs), keyrings, RetryPolicy.standard(), version, Duration.ZERO);
    }

    /** The cache directory: the flag, else {@code BULWARK_CACHE}, else {@code $XDG_CACHE_HOME/bulwark}, else ~/.cache. */
    public static Path cacheDir(String cache, Map<String, String> env) {
        if (cache != null) {
            return Path.of(cache).toAbsolutePath();
        }
        String fromEnv = env.get("BULWARK_CACHE");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("bulwark").toAbsolutePath();
    }

    /** The same settings trusting other key files (a spec's). */
    public ArchiveSettings withKeyrings(List<Path> files) {
        return new ArchiveSettings(mirror, cacheDir, jobs, files, retry, version, inReleaseReuse);
    }

    /** The same settings with another retry policy. */
    public ArchiveSettings withRetry(RetryPolicy policy) {
        return new ArchiveSettings(mirror, cacheDir, jobs, keyrings, policy, version, inReleaseReuse);
    }

    /** The same settings reusing a confirmed InRelease for {@code window}. */
    public ArchiveSettings withInReleaseReuse(Duration window) {
        return new ArchiveSettings(mirror, cacheDir, jobs, keyrings, retry, version, window);
    }

    /**
     * How long checks (scan, outdated) reuse an InRelease the mirror confirmed: {@value #INRELEASE_REUSE_ENV} as
     * seconds or with a unit ({@code 90s}, {@code 5m}, {@code 1h}; {@code 0} always asks), at most 24 hours, else
     * {@link #DEFAULT_INRELEASE_REUSE}. The reused bytes are verified like fresh ones.
     */
    public static Duration inReleaseReuse(Map<String, String> env) throws BulwarkException {
        String value = env.get(INRELEASE_REUSE_ENV);
        if (value == null || value.isBlank()) {
            return DEFAULT_INRELEASE_REUSE;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})([smh]?)").matcher(value.strip());
        Duration d = null;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
        if (d == null || d.compareTo(MAX_INRELEASE_REUSE) > 0) {
            throw new BulwarkException(BulwarkException.Kind.BAD_INPUT, "cannot read " + INRELEASE_REUSE_ENV + " '"
                    + value + "': give seconds or a duration such as 90s, 5m or 1h "
                    + "(at most 24h), or 0 to ask the mirror every time");
        }
        return d;
    }
}
