package dev.bulwark.attest.sbom;

import dev.bulwark.image.Purls;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One installed Debian package as an SBOM lists it. {@code licenses} are SPDX license expressions (one per
 * distinct DEP-5 {@code License:} value; {@code LicenseRef-} ids where no SPDX id maps); {@code dependsOn} names
 * other packages of the same image. {@code maintainer}, {@code homepage} and {@code debSha256} (hex) may be null.
 */
public record SbomPackage(String name, String version, String architecture, String sourceName, String sourceVersion,
                          String maintainer, String homepage, String debSha256, List<String> licenses,
                          List<String> dependsOn) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public SbomPackage {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(architecture, "architecture");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a Debian package name: " + name);
        }
        if (debSha256 != null && !HEX64.matcher(debSha256).matches()) {
            throw new IllegalArgumentException("debSha256 of " + name + " is not 64 lower-case hex digits");
        }
        sourceName = sourceName == null ? name : sourceName;
        sourceVersion = sourceVersion == null ? version : sourceVersion;
        licenses = List.copyOf(licenses);
        dependsOn = dependsOn.stream().distinct().sorted().toList();
    }

    /** The package URL (DESIGN): {@code pkg:deb/debian/<name>@<version>?arch=<arch>&distro=debian-<major>}. */
    public String purl(int debianMajor) {
        return Purls.deb(name, version, architecture, debianMajor);
    }
}
