package dev.bulwark.scan.vex;

import dev.bulwark.scan.advisory.Releases;
import dev.bulwark.scan.match.ScanTarget;
import dev.bulwark.debian.installed.InstalledPackage;
import java.util.Map;

/** The purls Bulwark gives images and Debian packages (see DESIGN: purls). */
public final class PackagePurls {

    private PackagePurls() {
    }

    /** {@code pkg:deb/debian/<name>@<version>?arch=<arch>&distro=debian-<major>}. */
    public static Purl binary(InstalledPackage p, ScanTarget target) {
        return new Purl("deb", "debian", p.name(), p.version().toString(),
                Map.of("arch", p.architecture(), "distro", "debian-" + major(target)));
    }

    /** {@code pkg:deb/debian/<source>@<sourceVersion>?arch=source&distro=debian-<major>}. */
    public static Purl source(InstalledPackage p, ScanTarget target) {
        return new Purl("deb", "debian", p.source(), p.sourceVersion().toString(),
                Map.of("arch", "source", "distro", "debian-" + major(target)));
    }

    /** {@code pkg:oci/<name>@<digest>}, or null when the target is not an image. */
    public static Purl image(ScanTarget target) {
        if (target.digest() == null) {
            return null;
        }
        return new Purl("oci", "", imageName(target.name()), target.digest(), Map.of());
    }

    /** The last path component of a reference, without transport, tag, digest or archive extension: "python3". */
    static String imageName(String reference) {
        String rest = reference.replaceFirst("^(oci|oci-archive|docker-archive|docker):(//)?", "");
        int colon = rest.indexOf(':', Math.max(0, rest.lastIndexOf('/')));
        int at = rest.indexOf('@');
        int end = Math.min(colon < 0 ? rest.length() : colon, at < 0 ? rest.length() : at);
        String path = rest.substring(0, end);
        String name = path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.(tar|tar\\.gz|tgz)$", "");
        name = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return name.isEmpty() ? "image" : name;
    }

    private static String major(ScanTarget target) {
        String id = target.osRelease().versionId();
        if (!id.isEmpty()) {
            return id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
        }
        return Releases.number(target.release()).orElse(target.release());
    }
}
