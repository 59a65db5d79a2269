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
 * SHA-256 of files by the host's {@code openssl dgst -sha256 -r}, for {@link Sha256#hex(List)}. Every answer is
 * checked for its shape ({@code <64 hex> *<the path given>}, one line per file, in order); a missing openssl, a run that
 * fails or an answer of another shape gives null, and the caller hashes in Java.
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
        List<String> command = new ArrayList<>(List.of(tool.toString(), "dgst", "-sha256", "-r"));
        command.addAll(paths);
        Process process = null;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
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

    /** openssl on PATH, looked up once; null when there is none. */
    static Path openssl() {
        if (!looked) {
            Path found = null;
            String path = System.getenv("PATH");
            for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
                Path candidate = dir.isEmpty() ? null : Path.of(dir, "openssl");
                if (candidate != null && candidate.isAbsolute() && Files.isRegularFile(candidate)
                        && Files.isExecutable(candidate)) {
                    found = candidate;
                    break;
                }
            }
            openssl = found;
            looked = true;
        }
        return openssl;
    }
}
