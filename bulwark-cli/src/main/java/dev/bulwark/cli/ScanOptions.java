package dev.bulwark.cli;

import dev.bulwark.builder.api.AdvisorySelection;
import dev.bulwark.scan.advisory.AdvisoryDb;
import dev.bulwark.scan.advisory.AdvisoryQuery;
import dev.bulwark.scan.advisory.AdvisorySource;
import dev.bulwark.scan.advisory.SecuritySupport;
import dev.bulwark.scan.match.ScanTarget;
import dev.bulwark.scan.match.Targets;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code scan} and {@code vex} share: the target (image or root directory) and where advisories come from. */
final class ScanOptions {
    @Parameters(index = "0", arity = "0..1", paramLabel = "REF",
            description = "The image, on any transport: oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE[:TAG], "
                    + "docker://HOST/REPO[:TAG|@DIGEST] (or HOST/REPO:TAG).")
    String ref;

    @Option(names = "--rootfs", paramLabel = "DIR", description = "Scan a root directory (e.g. /) instead of an image.")
    Path rootfs;

    @Option(names = "--advisories", paramLabel = "SRC",
            description = {"Advisory source, repeatable, most authoritative first: a tracker JSON file, an OSV directory"
                    + " or zip, 'db' (the database kept by 'bulwark advisories update') or 'archive-changelog'"
                    + " (CVEs named in the changelogs of newer versions in the archive).",
                    "Default: 'db' when one was fetched (a warning past BULWARK_ADVISORIES_MAX_AGE, default 24h),"
                            + " else 'archive-changelog' (said once)."})
    List<String> advisories = new ArrayList<>();

    @Option(names = "--release", paramLabel = "CODENAME", description = "Debian release (default: from os-release).")
    String release;

    @Option(names = "--suite", paramLabel = "SUITE",
            description = "Suites the image builds from, repeatable (default: CODENAME, -updates, -security).")
    List<String> suites = new ArrayList<>();

    @Mixin
    PlatformOptions platformOptions;

    @Option(names = "--security-support", paramLabel = "DIR",
            description = "Directory of debian-security-support lists (security-support-ended.debN, …) to flag packages.")
    Path securitySupport;

    @Mixin
    ArchiveOptions archiveOptions;

    @Mixin
    RegistryOptionsMixin registryOptions;

    /** The target to scan, from REF or --rootfs. */
    ScanTarget target() throws BulwarkException {
        if ((ref == null) == (rootfs == null)) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot scan: give an image REF or --rootfs DIR (exactly one)");
        }
        if (rootfs != null) {
            return Targets.fromRootfs(rootfs, release, suites);
        }
        ImageSource source = openSource(ref);
        // Without --platform: the only platform, else this machine's, else ask (PlatformChoice).
        Image image = platformOptions.select(source);
        return Targets.fromImage(ref, image, release, suites, archiveOptions.cacheDir());
    }

    /** Opens an image reference on any transport (registries with --insecure/--creds/--authfile). */
    ImageSource openSource(String ref) throws BulwarkException {
        return dev.bulwark.image.ImageSources.open(ImageReference.parse(ref),
                registryOptions.toOptions(Progress.NONE));
    }

    /** The advisories for the target, loaded from every source in order. */
    AdvisoryDb advisoryDb(ScanTarget target, Progress progress) throws BulwarkException {
        return AdvisoryDb.load(sources(target, progress), new AdvisoryQuery(target.release(), target.suites(),
                target.sources(), target.packages().stream().map(p -> p.name()).collect(java.util.stream.Collectors.toSet())));
    }

    /** What the scan should say once about its sources (a stale database, a fallback), filled by {@link #sources}. */
    final List<String> notes = new ArrayList<>();

    List<AdvisorySource> sources(ScanTarget target, Progress progress) throws BulwarkException {
        AdvisorySelection.Selected selected = AdvisorySelection.select(advisories, archiveOptions.cacheDir(),
                System.getenv(), Clock.systemUTC(), () -> archiveOptions.checkWorkspace(List.of()),
                target.architecture(), progress);
        notes.addAll(selected.notes());
        return selected.sources();
    }

    /** The security-support lists, when a directory was given. */
    SecuritySupport securitySupport(ScanTarget target) throws BulwarkException {
        if (securitySupport == null) {
            return SecuritySupport.none();
        }
        String number = dev.bulwark.debian.release.DebianReleases.number(target.release()).orElse(target.release());
        try {
            return SecuritySupport.load(securitySupport, number);
        } catch (IOException e) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot read security-support lists in " + securitySupport + ": "
                    + e.getMessage(), e);
        }
    }
}
