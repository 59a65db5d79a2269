package dev.bulwark.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Integration-test guards: a missing tool or archive fails under CI=true and skips, naming it, elsewhere. */
final class Tools {
    private Tools() {
    }

    static void require(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        missing(tool + " is not installed");
    }

    static void missing(String what) {
        if ("true".equals(System.getenv("CI"))) {
            fail(what + " (CI=true: integration tests need it; .ci/run installs it)");
        }
        Assumptions.abort(what + "; skipping");
    }

    /** The project root (where examples/ lives), from the module's working directory. */
    static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the project root from " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /**
     * One cache for the live-archive ITs that build the java image (its .debs and layers are large): everything in
     * it is verified before use, so sharing it between tests only saves downloads. Under the module's target/.
     */
    static Path liveCache() {
        return projectRoot().resolve("bulwark-cli/target/live-cache");
    }
}
