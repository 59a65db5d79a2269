package dev.bulwark.attest.sbom;

import dev.bulwark.attest.AttestException;
import dev.bulwark.image.ImageException;
import dev.bulwark.image.components.Component;
import dev.bulwark.image.components.ComponentFinder;
import dev.bulwark.image.components.DeclaredLicenses;
import dev.bulwark.image.components.ImageComponents;
import dev.bulwark.oci.image.Image;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The language components of an image for its SBOM, and what both writers share about them. A component in a file a
 * Debian package owns is listed as well as that package (as Syft does), tied to it by the writers.
 */
final class SbomComponents {

    private SbomComponents() {
    }

    static ImageComponents find(Image image, SbomSubject subject) throws AttestException {
        try {
            return ComponentFinder.find(image);
        } catch (ImageException e) {
            throw new AttestException(e.kind(), "cannot read components of image " + subject.name() + ": "
                    + e.getMessage(), e);
        }
    }

    /** A short stable suffix for ids of one occurrence: the first 12 hex digits of SHA-256(purl, location). */
    static String occurrenceId(Component c) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((c.purl() + "\n" + c.location()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** What found the component, for SPDX's sourceInfo and CycloneDX's occurrence context. */
    static String foundBy(Component c) {
        return switch (c.ecosystem()) {
            case MAVEN -> "Maven metadata of a Java archive";
            case PYPI -> "Python package metadata";
            case NPM -> "npm package.json";
        };
    }

    /** A {@code LicenseRef-} id for a licence declared by a name that is no SPDX expression. */
    static String licenseRef(String declared) {
        return "LicenseRef-" + declared.replaceAll("[^A-Za-z0-9.-]+", "-").replaceAll("^-|-$", "");
    }

    /** Whether {@code license} is an SPDX expression of known ids, which SPDX can carry as it is. */
    static boolean spdx(String license) {
        return DeclaredLicenses.isKnownExpression(license);
    }

    static List<String> notes(ImageComponents components) {
        return components.notes().stream().map(n -> n.path() + ": " + n.message()).toList();
    }
}
