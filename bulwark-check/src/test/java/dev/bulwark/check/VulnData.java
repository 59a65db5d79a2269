package dev.bulwark.check;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code shared/data/vulns} (the real advisory test data) by walking up from the working directory, as it sits
 * beside the checkout ("../shared" of the project root) in CI and above the worktrees on developer machines.
 */
public final class VulnData {

    private VulnData() {
    }

    public static Path dir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/data/vulns");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find shared/data/vulns above " + Path.of("").toAbsolutePath()
                + ": the advisory test data sits beside the checkout (../shared/data/vulns)");
    }

    public static Path file(String relative) {
        return dir().resolve(relative);
    }
}
