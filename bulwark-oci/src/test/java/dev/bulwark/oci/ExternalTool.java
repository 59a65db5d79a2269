package dev.bulwark.oci;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Runs a real tool for an integration test: fails when CI=true and the tool is missing, else skips naming it. */
public final class ExternalTool {

    private ExternalTool() {
    }

    public static void require(String tool) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= Files.isExecutable(Path.of(dir, tool));
        }
        if (!found && "true".equals(System.getenv("CI"))) {
            fail(tool + " is not installed, and CI=true requires it (apt-get install -y " + tool + ")");
        }
        Assumptions.assumeTrue(found, tool + " is not installed; skipping (apt-get install -y " + tool + ")");
    }

    /** Runs the command, asserts exit code 0, and returns stdout. */
    public static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[][] out = new byte[2][];
        Thread err = new Thread(() -> {
            try {
                out[1] = p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                out[1] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        err.start();
        out[0] = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " timed out");
        }
        err.join();
        String stdout = new String(out[0], StandardCharsets.UTF_8);
        String stderr = new String(out[1], StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", command) + "\nstdout: " + stdout + "\nstderr: " + stderr)
                .isZero();
        return stdout;
    }

    public static List<String> args(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object o : parts) {
            out.add(o.toString());
        }
        return out;
    }
}
