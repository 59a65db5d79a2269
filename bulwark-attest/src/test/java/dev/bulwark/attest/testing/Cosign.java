package dev.bulwark.attest.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real cosign binary (Debian 13's cosign 2.5, see .ci/install-trixie-tools) in a work directory. */
public final class Cosign {
    private static final boolean CI = "true".equals(System.getenv("CI"));

    /** Exit code and merged output of one run. */
    public record Run(int exit, String output) {
    }

    private final Path dir;
    private final String password;

    public Cosign(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    /** Skips the test (fails it under CI=true) when cosign is not installed. */
    public static void require() {
        boolean present;
        try {
            Process p = new ProcessBuilder("cosign", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        if (!present && CI) {
            Assertions.fail("cosign is not installed (CI=true); run .ci/install-trixie-tools");
        }
        Assumptions.assumeTrue(present, "cosign is not installed; skipping (run .ci/install-trixie-tools)");
    }

    /** Skips (fails under CI=true) when a tool the test needs is missing. */
    public static void requireTool(boolean present, String tool) {
        if (!present && CI) {
            Assertions.fail(tool + " is not installed (CI=true)");
        }
        Assumptions.assumeTrue(present, tool + " is not installed; skipping");
    }

    public Run run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("cosign");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("COSIGN_PASSWORD", password);
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("TUF_ROOT", dir.resolve(".sigstore").toString());
        pb.environment().put("COSIGN_EXPERIMENTAL", "0");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("cosign " + String.join(" ", args) + " timed out");
        }
        return new Run(p.exitValue(), out);
    }

    public String ok(String... args) throws IOException, InterruptedException {
        Run r = run(args);
        Assertions.assertEquals(0, r.exit(), () -> "cosign " + String.join(" ", args) + " failed:\n" + r.output());
        return r.output();
    }

    public void fails(String... args) throws IOException, InterruptedException {
        Run r = run(args);
        Assertions.assertNotEquals(0, r.exit(), () -> "cosign " + String.join(" ", args) + " should fail:\n" + r.output());
    }
}
