package dev.bulwark.core;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SHA-256 of files by the host's {@code openssl dgst -sha256 -r}, for {@link Sha256#hex(List)}. The tool is trusted only
 * from a root-owned system location and after it hashed a known answer right ({@link #openssl()}); each answer is then
 * checked for its shape ({@code <64 hex> *<the path given>}, one line per file, in order); a missing openssl, a run
 * that fails or an answer of another shape gives null, and the caller hashes in Java.
 */
final class NativeSha256 {
    /** Paths per run, well inside the argument-length limit. */
    private static final int BATCH = 256;
    private static final long TIMEOUT_SECONDS = 600;
    private static volatile Path openssl;
    private static volatile boolean looked;

    private NativeSha256() {
    }

    /** The hashes of {@code files} in order, or null when openssl cannot give them all. */
    static List<String> hex(List<Path> files) {
        Path tool = openssl();
        return tool == null ? null : hex(tool, files);
    }

    /** As {@link #hex(List)} with a given openssl (tests). */
    static List<String> hex(Path tool, List<Path> files) {
        List<String> out = new ArrayList<>(files.size());
        for (int from = 0; from < files.size(); from += BATCH) {
            List<String> paths = new ArrayList<>();
            for (Path f : files.subList(from, Math.min(files.size(), from + BATCH))) {
                String p = f.toAbsolutePath().toString();
                if (p.indexOf('\n') >= 0 || p.indexOf('\\') >= 0 || p.indexOf('\r') >= 0) {
                    return null;   // openssl escapes such names; not worth reading them back
                }
                paths.add(p);
            }
            List<String> batch = run(tool, paths);
            if (batch == null) {
                return null;
            }
            out.addAll(batch);
        }
        return out;
    }

    private static List<String> run(Path tool, List<String> paths) {
        List<String> args = new ArrayList<>(List.of("dgst", "-sha256", "-r"));
        args.addAll(paths);
        Process process = null;
        try {
            process = process(tool, args, ProcessBuilder.Redirect.from(new File("/dev/null")));
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readNBytes(paths.size() * (64 + 3 + 4096) + 1);
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            String[] lines = new String(output, StandardCharsets.UTF_8).split("\n", -1);
            if (lines.length != paths.size() + 1 || !lines[paths.size()].isEmpty()) {
                return null;
            }
            List<String> out = new ArrayList<>(paths.size());
            for (int i = 0; i < paths.size(); i++) {
                String line = lines[i];
                if (line.length() != 64 + 2 + paths.get(i).length() || !line.startsWith(" *", 64)
                        || !line.endsWith(paths.get(i)) || !Hex.isLowerHex(line.substring(0, 64), 64)) {
                    return null;
                }
                out.add(line.substring(0, 64));
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    /** Where openssl may be taken from: system locations only, never PATH (a writable PATH entry could lie). */
    private static final List<Path> TRUSTED = List.of(Path.of("/usr/bin/openssl"), Path.of("/bin/openssl"));
    /** SHA-256("abc"), FIPS 180-2's first example: the answer a usable openssl must give before it is trusted. */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    /**
     * The host's openssl, looked up once: a root-owned file in a system location that neither group nor others can
     * write, which hashes "abc" right; null when there is none (everything is hashed in Java then).
     */
    static Path openssl() {
        if (!looked) {
            Path found = null;
            for (Path candidate : TRUSTED) {
                Path real = SystemTools.trustedRealPath(candidate);
                if (real != null && "abc".equals(selfTest(real))) {
                    found = real;
                    break;
                }
            }
            openssl = found;
            looked = true;
        }
        return openssl;
    }

    /** "abc" when {@code tool} hashes "abc" to its known SHA-256, else what went wrong. */
    private static String selfTest(Path tool) {
        try {
            byte[] out = SystemTools.answer(() -> process(tool, List.of("dgst", "-sha256", "-binary"),
                    ProcessBuilder.Redirect.PIPE), "abc".getBytes(StandardCharsets.US_ASCII), 33);
            return out != null && Hex.encode(out).equals(ABC) ? "abc" : "wrong";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Starts {@code tool} with {@code args} in an empty environment (no OPENSSL_CONF, OPENSSL_MODULES or LD_PRELOAD can
     * change what it computes), stderr discarded.
     */
    static Process process(Path tool, List<String> args, ProcessBuilder.Redirect stdin) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(args);
        ProcessBuilder b = new ProcessBuilder(command).redirectInput(stdin).redirectError(ProcessBuilder.Redirect.DISCARD);
        b.environment().clear();
        b.environment().put("PATH", "/usr/bin:/bin");
        b.environment().put("LC_ALL", "C");
        return b.start();
    }
}
