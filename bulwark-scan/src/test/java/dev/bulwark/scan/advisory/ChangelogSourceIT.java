package dev.bulwark.scan.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.scan.ScanException;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.ArchiveException;
import dev.bulwark.debian.archive.HttpArchive;
import dev.bulwark.debian.archive.HttpTransport;
import dev.bulwark.debian.archive.MirrorConfig;
import dev.bulwark.debian.fetch.DebCache;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.debian.installed.OsRelease;
import dev.bulwark.debian.pgp.ClearsignVerifier;
import dev.bulwark.debian.pgp.Keyring;
import dev.bulwark.debian.version.DebianVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads real changelogs from the archive the host's apt sources name: openssl "installed" at an ancient 3.0.0-1 must
 * show many CVEs fixed by the release's current version, each fixed at a version above 3.0.0-1 that a suite carries.
 * Needs the network and a Debian host: fails when CI=true and either is missing, skips otherwise.
 */
class ChangelogSourceIT {

    private static final boolean CI = "true".equals(System.getenv("CI"));

    @TempDir
    Path cache;

    @Test
    void advisories_oldOpenssl_listsCvesFixedSinceFromTheArchive() throws Exception {
        Path osRelease = Path.of("/etc/os-release");
        String release = Files.isRegularFile(osRelease) ? OsRelease.parse(Files.readString(osRelease)).versionCodename() : "";
        if (release.isEmpty() || !Files.isDirectory(Path.of("/etc/apt"))) {
            unavailable("this host is not Debian (no VERSION_CODENAME in /etc/os-release or no /etc/apt)");
        }
        MirrorConfig mirror;
        try {
            mirror = MirrorConfig.resolve(null, null, System.getenv(), Path.of("/etc/apt"));
        } catch (ArchiveException e) {
            mirror = unavailable(e.getMessage());
        }
        HttpTransport transport = HttpTransport.standard();
        HttpArchive archive = new HttpArchive(mirror, transport, new ClearsignVerifier(Keyring.debianArchive(),
                Clock.systemUTC()), cache, Clock.systemUTC());
        ChangelogSource source = new ChangelogSource(archive, new DebFetcher(transport, new DebCache(cache), 4),
                List.of("main"), "amd64", Progress.NONE, cache);
        DebianVersion installed = DebianVersion.parse("3.0.0-1");
        AdvisoryQuery query = new AdvisoryQuery(release, List.of(release, release + "-security"), Map.of("openssl", installed));
        List<Advisory> found = new ArrayList<>();
        try {
            source.advisories(query, found::add);
        } catch (ScanException e) {
            unavailable(e.getMessage());
        }
        assertThat(found).hasSizeGreaterThan(10);
        assertThat(found).allSatisfy(a -> {
            assertThat(a.source()).isEqualTo("openssl");
            assertThat(a.cve()).matches("CVE-\\d{4}-\\d+");
            assertThat(a.fixedVersion()).isGreaterThan(installed);
            assertThat(a.repositories()).containsKey(release);
        });
        List<Advisory> again = new ArrayList<>();
        source.advisories(query, again::add);
        assertThat(again).isEqualTo(found);
        try (var files = Files.list(cache.resolve("changelogs"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
        try (var derived = Files.list(cache.resolve("changelogs/derived"))) {
            assertThat(derived.count()).as("the second read replays what the first derived").isEqualTo(1);
        }
    }

    private static <T> T unavailable(String why) {
        if (CI) {
            throw new AssertionError("the Debian archive is required on CI: " + why);
        }
        Assumptions.abort("Debian archive unreachable, skipping: " + why);
        return null;
    }
}
