package dev.bulwark.cli;

import dev.bulwark.spec.Spec;
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

    /** The directories Bulwark creates in a cache; a sweep looks only in these, never at the user's own files. */
    static final java.util.List<String> CACHE_SUBDIRS = java.util.List.of("tmp", "debs", "indexes", "layers", "blobs",
            "evidence", "advisories", "changelogs", "scan-inputs");
    /** Written at the root of a cache Bulwark created itself (the Cache Directory Tagging format). */
    static final String CACHE_TAG = "CACHEDIR.TAG";

    /**
     * Fails at once when the cache cannot be written (not after the downloads), then removes what killed runs left
     * in Bulwark's own subdirectories: temp files and work directories whose process is gone. Names of earlier
     * versions (without the {@code .bulwark-} prefix) are swept only in a cache Bulwark created, marked by its
     * {@value #CACHE_TAG}, so a --cache naming the user's own directory never loses a file Bulwark did not write.
     */
    static void prepareCache(Path cacheDir) throws BulwarkException {
        boolean fresh = isEmptyOrMissing(cacheDir);
        dev.bulwark.core.Writable.directory(cacheDir, "the cache",
                "pass --cache DIR or set BULWARK_CACHE to a writable directory");
        if (fresh) {
            tag(cacheDir);
        }
        java.time.Instant now = Clock.systemUTC().instant();
        boolean ours = java.nio.file.Files.isRegularFile(cacheDir.resolve(CACHE_TAG),
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        dev.bulwark.core.TempFiles.sweep(cacheDir, 0, now, false);
        for (String sub : CACHE_SUBDIRS) {
            Path dir = cacheDir.resolve(sub);
            if (java.nio.file.Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                dev.bulwark.core.TempFiles.sweep(dir, 3, now, ours);
            }
        }
    }

    private static boolean isEmptyOrMissing(Path dir) {
        try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private static void tag(Path cacheDir) {
        try {
            Path temp = dev.bulwark.core.TempFiles.createFile(cacheDir, CACHE_TAG);
            java.nio.file.Files.writeString(temp, "Signature: 8a477f597d28d172789f06886806bc55\n"
                    + "# This directory is a cache created by Bulwark; its files can be downloaded again.\n");
            dev.bulwark.core.TempFiles.replace(temp, cacheDir.resolve(CACHE_TAG));
        } catch (java.io.IOException e) {
            // without the tag only the leftovers of earlier versions stay; the cache works the same
        }
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
