package dev.bulwark.scan.vex;

import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.release.DebianReleases;
import dev.bulwark.image.Purls;
import dev.bulwark.scan.match.ScanTarget;

/** The purls of a scan target's packages and image, from the project's one builder ({@link Purls}), for matching. */
public final class PackagePurls {

    private PackagePurls() {
    }

    /** {@code pkg:deb/debian/<name>@<version>?arch=<arch>&distro=debian-<major>}. */
    public static Purl binary(InstalledPackage p, ScanTarget target) {
        return Purl.parse(Purls.deb(p.name(), p.version().toString(), p.architecture(), major(target)));
    }

    /** {@code pkg:deb/debian/<source>@<sourceVersion>?arch=source&distro=debian-<major>}. */
    public static Purl source(InstalledPackage p, ScanTarget target) {
        return Purl.parse(Purls.debSource(p.source(), p.sourceVersion().toString(), major(target)));
    }

    /** {@code pkg:oci/<name>@<digest>}, or null when the target is not an image. */
    public static Purl image(ScanTarget target) {
        return target.digest() == null ? null : Purl.parse(Purls.oci(target.name(), target.digest()));
    }

    /** The major version: os-release's VERSION_ID, else the release's number, else the codename itself. */
    static String major(ScanTarget target) {
        String id = target.osRelease().versionId();
        if (!id.isEmpty()) {
            return id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
        }
        return DebianReleases.number(target.release()).orElse(target.release());
    }
}
