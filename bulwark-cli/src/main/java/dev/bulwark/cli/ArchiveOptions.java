package dev.bulwark.cli;

import picocli.CommandLine.Option;

/** Options shared by every command that reads the Debian archive. */
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
}
