package dev.bulwark.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Host tools Bulwark hands verified bytes to (openssl to hash them, xz to decode them): taken only from system
 * locations, never from PATH (a writable PATH entry could lie), and only when the file and every directory above it
 * are root's and writable by nobody else.
 */
public final class SystemTools {

    private SystemTools() {
    }

    /**
     * Whether {@code file} is a regular executable that root (uid 0) owns, in directories root owns, none of them
     * writable by group or others.
     */
    public static boolean trusted(Path file) {
        return trustedRealPath(file) != null;
    }

    /** The resolved path of {@code file} when it is trusted (see {@link #trusted}), to run that and not the link. */
    public static Path trustedRealPath(Path file) {
        try {
            Path real = file.toRealPath();
            for (Path p = real; p != null; p = p.getParent()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
                var perms = a.permissions();
                Object uid = Files.getAttribute(p, "unix:uid");
                if (!(uid instanceof Integer i && i == 0) || perms.contains(PosixFilePermission.GROUP_WRITE)
                        || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                    return null;
                }
            }
            return Files.isRegularFile(real) && Files.isExecutable(real) ? real : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** How long a known-answer run may take before its tool is ended and not trusted. */
    static final Duration ANSWER_DEADLINE = Duration.ofSeconds(10);

    /**
     * What a freshly started tool writes to stdout for {@code input} (at most {@code max} bytes), or null when it
     * failed (no start, a non-zero exit, no exit within 10 s): the known-answer test a tool passes before it is
     * trusted with real bytes. The process is always ended.
     */
    public static byte[] answer(Callable<Process> start, byte[] input, int max) throws InterruptedException {
        return answer(start, input, max, ANSWER_DEADLINE);
    }

    /**
     * {@link #answer(Callable, byte[], int)} within {@code deadline} from the start: a tool that stops reading or
     * writing without exiting is ended when the deadline passes, with every process it started, which ends the
     * blocked write or read too. A child the tool left behind holding its stdout open (it outlives its parent, so
     * it is no longer the tool's to end) cannot hold the caller either: stdout is read on a thread of its own, and
     * the caller stops waiting for it at the deadline.
     */
    static byte[] answer(Callable<Process> start, byte[] input, int max, Duration deadline)
            throws InterruptedException {
        Process p = null;
        long end = System.nanoTime() + deadline.toNanos();
        try {
            p = start.call();
            Process started = p;
            // Run on the delay's own timer thread, not the common pool, which busy tasks can hold up.
            CompletableFuture.delayedExecutor(deadline.toNanos(), TimeUnit.NANOSECONDS, Runnable::run)
                    .execute(() -> end(started));
            try (OutputStream in = p.getOutputStream()) {
                in.write(input);
            }
            InputStream o = p.getInputStream();
            FutureTask<byte[]> read = new FutureTask<>(() -> {
                try (o) {
                    return o.readNBytes(max);
                }
            });
            Thread reader = new Thread(read, "bulwark-tool-answer");
            reader.setDaemon(true);   // one left blocked by a stray child never holds the JVM
            reader.start();
            byte[] out = read.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            // ended by the deadline, it exits by a signal: non-zero
            return p.waitFor(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS) && p.exitValue() == 0
                    ? out : null;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return null;
        } finally {
            if (p != null) {
                end(p);
            }
        }
    }

    /** Ends a tool and every process it started that still runs. */
    private static void end(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
