package dev.bulwark.scan;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The real advisory test data, kept in this module's test resources ({@code vulns/}, see its README) so the tests
 * need nothing outside the repository.
 */
public final class VulnData {

    private VulnData() {
    }

    public static Path dir() {
        URL readme = VulnData.class.getResource("/vulns/README.md");
        if (readme == null) {
            throw new IllegalStateException("the advisory test data vulns/README.md is missing from the test classpath");
        }
        try {
            return Path.of(readme.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the advisory test data: " + readme, e);
        }
    }

    public static Path file(String relative) {
        return dir().resolve(relative);
    }
}
