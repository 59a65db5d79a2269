package dev.bulwark.scan.match;

import dev.bulwark.scan.advisory.Advisory;
import dev.bulwark.scan.advisory.Severity;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.version.DebianVersion;
import java.util.Objects;

/**
 * One installed binary package affected by one CVE. {@code fixedVersion} is the source version that fixes it (null when
 * there is none); {@code fixSuite} names a suite the image builds from that carries a version at least that high (null
 * when no such suite does — then no fix is available to this image yet).
 */
public record Finding(InstalledPackage pkg, String cve, FindingStatus status, Severity severity,
        DebianVersion fixedVersion, String fixSuite, DebianVersion fixSuiteVersion, Advisory advisory) {

    public Finding {
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(cve, "cve");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(advisory, "advisory");
    }

    /** Whether a suite the image builds from carries the fix. */
    public boolean fixAvailable() {
        return fixSuite != null;
    }

    /** A one-line explanation: what is installed, what fixes it, and where that fix is. */
    public String explanation() {
        String installed = pkg.source() + " " + pkg.sourceVersion();
        return switch (status) {
            case VULNERABLE -> installed + " < " + fixedVersion + (fixSuite != null
                    ? "; fixed in " + fixSuite + " (" + fixSuiteVersion + ")"
                    : "; no suite the image builds from carries the fix yet");
            case OPEN -> installed + " is affected; Debian has no fix yet";
            case UNDETERMINED -> "Debian has not yet determined whether " + installed + " is affected";
            case NODSA -> installed + " is affected; minor issue, no security upload planned"
                    + (advisory.nodsa().isEmpty() ? "" : " (" + advisory.nodsa() + ")");
            case IGNORED -> installed + " is affected; Debian ignores it for this release"
                    + (advisory.nodsa().isEmpty() ? "" : " (" + advisory.nodsa() + ")");
            case POSTPONED -> installed + " is affected; the fix is postponed to a point release";
            case END_OF_LIFE -> installed + " is affected; security support has ended";
        };
    }
}
