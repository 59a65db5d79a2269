package dev.bulwark.builder.api;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.debian.archive.MirrorConfig;
import dev.bulwark.debian.archive.RetryPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the Debian archive is and what Bulwark trusts and keeps of it: the mirrors, the key files trusted besides
 * Debian's own archive keys, the cache directory, how many downloads run at once and how failed requests are retried.
 *
 * @param version Bulwark's version, part of the trust id under which verified indexes are reused
 */
public record ArchiveSettings(MirrorConfig mirror, Path cacheDir, int jobs, List<Path> keyrings, RetryPolicy retry,
        String version) {

    public ArchiveSettings {
        Objects.requireNonNull(mirror, "mirror");
        Objects.requireNonNull(retry, "retry");
        cacheDir = Objects.requireNonNull(cacheDir, "cacheDir").toAbsolutePath();
        keyrings = List.copyOf(keyrings);
        version = String.valueOf(version);
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, not " + jobs);
        }
    }

    /**
     * Settings from what a user gives: each flag may be null, then the environment ({@code BULWARK_MIRROR},
     * {@code BULWARK_SECURITY_MIRROR}, {@code BULWARK_CACHE}, {@code XDG_CACHE_HOME}) and the host's apt sources
     * decide.
     */
    public static ArchiveSettings resolve(String mirror, String securityMirror, String cache, int jobs,
            List<Path> keyrings, String version, Map<String, String> env) throws BulwarkException {
        return new ArchiveSettings(MirrorConfig.resolve(mirror, securityMirror, env, Path.of("/etc/apt")),
                cacheDir(cache, env), Math.max(1, jobs), keyrings, RetryPolicy.standard(), version);
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
        return new ArchiveSettings(mirror, cacheDir, jobs, files, retry, version);
    }
}
