package dev.bulwark.cli;

import dev.bulwark.build.spec.Spec;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.debian.archive.HttpArchive;
import dev.bulwark.debian.archive.HttpTransport;
import dev.bulwark.debian.archive.MirrorConfig;
import dev.bulwark.debian.fetch.DebCache;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.debian.pgp.ClearsignVerifier;
import dev.bulwark.debian.pgp.Keyring;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Builds the library objects a command needs from options, the environment and the spec. */
final class Wiring {
    final MirrorConfig mirror;
    final Path cacheDir;
    final HttpTransport transport;
    final HttpArchive archive;
    final DebFetcher fetcher;

    private Wiring(MirrorConfig mirror, Path cacheDir, HttpArchive archive, HttpTransport transport, DebFetcher fetcher) {
        this.mirror = mirror;
        this.cacheDir = cacheDir;
        this.archive = archive;
        this.transport = transport;
        this.fetcher = fetcher;
    }

    /** For commands without a spec (scan, outdated of an image): Debian's keys only. */
    static Wiring forHost(ArchiveOptions options) throws BulwarkException {
        return forKeyrings(options, List.of());
    }

    static Wiring forSpec(ArchiveOptions options, Spec spec) throws BulwarkException {
        return forKeyrings(options, spec.keyrings());
    }

    /** Wiring that trusts Debian's archive keys plus the given key files (e.g. none, to fetch by SHA-256 only). */
    static Wiring forKeyrings(ArchiveOptions options, List<String> keyrings) throws BulwarkException {
        Map<String, String> env = System.getenv();
        MirrorConfig mirror = MirrorConfig.resolve(options.mirror, options.securityMirror, env, Path.of("/etc/apt"));
        Path cacheDir = cacheDir(options, env);
        prepareCache(cacheDir);
        HttpTransport transport = HttpTransport.standard();
        HttpArchive archive = new HttpArchive(mirror, transport, new HttpArchive.VerifierSource() {
            @Override
            public ClearsignVerifier get() throws dev.bulwark.debian.pgp.SignatureException {
                Keyring keyring = Keyring.debianArchive();
                for (String file : keyrings) {
                    keyring = keyring.plus(Keyring.load(Path.of(file)));
                }
                return new ClearsignVerifier(keyring, Clock.systemUTC());
            }

            @Override
            public String trustId() {
                return Wiring.trustId(keyrings);
            }
        }, cacheDir, Clock.systemUTC());
        return new Wiring(mirror, cacheDir, archive, transport,
                new DebFetcher(transport, new DebCache(cacheDir), options.jobs));
    }

    /**
     * Which keys are trusted, without parsing them: Bulwark's version (bundled keys), the host keyring's and the spec's
     * key files' contents. Empty when a file cannot be read, which only disables reusing verifications.
     */
    private static String trustId(List<String> keyrings) {
        try {
            StringBuilder id = new StringBuilder(String.valueOf(Main.class.getPackage().getImplementationVersion()));
            Path host = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");
            if (java.nio.file.Files.isRegularFile(host)) {
                id.append(',').append(dev.bulwark.core.Sha256.hex(host));
            }
            for (String file : keyrings) {
                id.append(',').append(dev.bulwark.core.Sha256.hex(Path.of(file)));
            }
            return dev.bulwark.core.Sha256.key(id.toString(), "bundled-debian-keys-v1");
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /**
     * Fails at once when the cache cannot be written (not after the downloads), then removes what killed runs left
     * there: temp files and work directories whose process is gone.
     */
    static void prepareCache(Path cacheDir) throws BulwarkException {
        dev.bulwark.core.Writable.directory(cacheDir, "the cache",
                "pass --cache DIR or set BULWARK_CACHE to a writable directory");
        dev.bulwark.core.TempFiles.sweep(cacheDir, 4, Clock.systemUTC().instant());
    }

    static Path cacheDir(ArchiveOptions options, Map<String, String> env) {
        if (options.cache != null) {
            return Path.of(options.cache).toAbsolutePath();
        }
        String fromEnv = env.get("BULWARK_CACHE");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("bulwark").toAbsolutePath();
    }
}
