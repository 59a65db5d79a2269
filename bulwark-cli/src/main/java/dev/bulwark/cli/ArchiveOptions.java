package dev.bulwark.cli;

import dev.bulwark.builder.api.ArchiveSettings;
import dev.bulwark.builder.api.Workspace;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.spec.Spec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by every command that reads the Debian archive; the library's {@link Workspace} does the wiring. */
final class ArchiveOptions {
    @Option(names = "--mirror", paramLabel = "URL",
            description = "Debian archive base URL (default: BULWARK_MIRROR, else the host's apt sources).")
    String mirror;

    @Option(names = "--security-mirror", paramLabel = "URL",
            description = "Base URL serving <codename>-security (default: BULWARK_SECURITY_MIRROR, else the host's apt "
                    + "sources; with --mirror alone, the mirror serves every suite).")
    String securityMirror;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Cache directory for indexes and .debs (default: BULWARK_CACHE, else ~/.cache/bulwark).")
    String cache;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "6", description = "Parallel downloads (default: ${DEFAULT-VALUE}).")
    int jobs;

    /** The archive trusting Debian's keys only (scan, outdated of an image, reproduce). */
    Workspace workspace() throws BulwarkException {
        return workspace(List.of());
    }

    /**
     * The archive for checks run often (scan, outdated): trusting Debian's keys and the given key files, it reuses an
     * InRelease the mirror confirmed within {@code BULWARK_INRELEASE_REUSE} (default 5 minutes) without a request.
     */
    Workspace checkWorkspace(List<Path> keyrings) throws BulwarkException {
        var env = System.getenv();
        return Workspace.open(settings(keyrings).withInReleaseReuse(ArchiveSettings.inReleaseReuse(env)),
                Clock.systemUTC());
    }

    /** The archive trusting Debian's keys and the spec's key files. */
    Workspace workspace(Spec spec) throws BulwarkException {
        return workspace(spec.keyrings().stream().map(Path::of).toList());
    }

    Workspace workspace(List<Path> keyrings) throws BulwarkException {
        return Workspace.open(settings(keyrings), Clock.systemUTC());
    }

    private ArchiveSettings settings(List<Path> keyrings) throws BulwarkException {
        return ArchiveSettings.resolve(mirror, securityMirror, cache, jobs, keyrings,
                Main.class.getPackage().getImplementationVersion(), System.getenv());
    }

    /** The cache directory these options name, without preparing it. */
    Path cacheDir() {
        return ArchiveSettings.cacheDir(cache, System.getenv());
    }
}
