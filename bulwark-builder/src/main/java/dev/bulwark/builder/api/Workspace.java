package dev.bulwark.builder.api;

import dev.bulwark.builder.lock.Locker;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Progress;
import dev.bulwark.core.Sha256;
import dev.bulwark.debian.archive.HttpArchive;
import dev.bulwark.debian.archive.HttpTransport;
import dev.bulwark.debian.archive.MirrorConfig;
import dev.bulwark.debian.fetch.DebCache;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.debian.pgp.ClearsignVerifier;
import dev.bulwark.debian.pgp.Keyring;
import dev.bulwark.debian.pgp.SignatureException;
import dev.bulwark.scan.advisory.ChangelogSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The archive, fetcher and cache of one {@link ArchiveSettings}, built in this one place for the CLI, the server and
 * tests. Opening it checks the cache is writable; the keys are read when the archive first verifies a Release.
 */
public final class Workspace implements AutoCloseable {
    /** The host's copy of Debian's archive keys; its digest is part of the trust id when present. */
    private static final Path HOST_KEYRING = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");

    private final ArchiveSettings settings;
    private final Clock clock;
    private final HttpTransport transport;
    private final HttpArchive archive;
    private final DebFetcher fetcher;

    private Workspace(ArchiveSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.transport = HttpTransport.standard(settings.retry());
        List<Path> keyrings = settings.keyrings();
        this.archive = new HttpArchive(settings.mirror(), transport, new HttpArchive.VerifierSource() {
            @Override
            public ClearsignVerifier get() throws SignatureException {
                Keyring keyring = Keyring.debianArchive();
                for (Path file : keyrings) {
                    keyring = keyring.plus(Keyring.load(file));
                }
                return new ClearsignVerifier(keyring, clock);
            }

            @Override
            public String trustId() {
                return Workspace.trustId(settings.version(), keyrings);
            }
        }, settings.cacheDir(), clock).reusingConfirmedInRelease(settings.inReleaseReuse());
        this.fetcher = new DebFetcher(transport, new DebCache(settings.cacheDir()), settings.jobs());
    }

    /**
     * The same archive and cache trying each request once, for a check that must never hold up its command: offline,
     * the standard policy's retries kept a build waiting 3.5 s for a warning it could not give.
     */
    public Workspace oneAttempt() {
        return new Workspace(settings.withRetry(new dev.bulwark.debian.archive.RetryPolicy(1, java.time.Duration.ZERO,
                java.time.Duration.ZERO)), clock);
    }

    /** Prepares the cache (see {@link CacheDirectory#prepare}) and wires the archive behind it. */
    public static Workspace open(ArchiveSettings settings, Clock clock) throws BulwarkException {
        CacheDirectory.prepare(settings.cacheDir(), clock.instant());
        return new Workspace(settings, clock);
    }

    public ArchiveSettings settings() {
        return settings;
    }

    public MirrorConfig mirror() {
        return settings.mirror();
    }

    public Path cacheDir() {
        return settings.cacheDir();
    }

    public HttpTransport transport() {
        return transport;
    }

    /** Closes the transport (see {@link HttpTransport#close}). */
    @Override
    public void close() {
        transport.close();
    }

    public HttpArchive archive() {
        return archive;
    }

    public DebFetcher fetcher() {
        return fetcher;
    }

    /** A locker resolving and fetching against this archive. */
    public Locker locker() {
        return new Locker(archive, fetcher);
    }

    /** A locker that also resolves, locks and builds customizations, reaching their bases as {@code bases} says. */
    public Locker locker(dev.bulwark.builder.customize.BaseOptions bases) {
        return new Locker(archive, fetcher, settings.cacheDir(), bases);
    }

    /** Advisories from the changelogs of newer versions in this archive's main component. */
    public ChangelogSource changelogSource(String architecture, Progress progress) {
        return new ChangelogSource(archive, fetcher, List.of("main"), architecture, progress, settings.cacheDir());
    }

    /**
     * Which keys are trusted, without parsing them: Bulwark's version (bundled keys), the host keyring's and the
     * extra key files' contents. Empty when a file cannot be read, which only disables reusing verifications.
     */
    private static String trustId(String version, List<Path> keyrings) {
        try {
            StringBuilder id = new StringBuilder(version);
            if (Files.isRegularFile(HOST_KEYRING)) {
                id.append(',').append(Sha256.hex(HOST_KEYRING));
            }
            for (Path file : keyrings) {
                id.append(',').append(Sha256.hex(file));
            }
            return Sha256.key(id.toString(), "bundled-debian-keys-v1");
        } catch (IOException e) {
            return "";
        }
    }
}
