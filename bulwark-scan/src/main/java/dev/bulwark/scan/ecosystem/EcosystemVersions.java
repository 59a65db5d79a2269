package dev.bulwark.scan.ecosystem;

import dev.bulwark.image.components.Ecosystem;

/** Compares two versions by their ecosystem's rules: Maven's order, PEP 440, npm's SemVer. */
public final class EcosystemVersions {

    private EcosystemVersions() {
    }

    /** Negative, zero or positive as {@code a} sorts before, with or after {@code b}. */
    public static int compare(Ecosystem ecosystem, String a, String b) throws EcosystemVersionException {
        return switch (ecosystem) {
            case MAVEN -> MavenVersion.parse(a).compareTo(MavenVersion.parse(b));
            case PYPI -> Pep440Version.parse(a).compareTo(Pep440Version.parse(b));
            case NPM -> SemverVersion.parse(a).compareTo(SemverVersion.parse(b));
        };
    }
}
