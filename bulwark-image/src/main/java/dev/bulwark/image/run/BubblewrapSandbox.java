package dev.bulwark.image.run;

import dev.bulwark.image.ImageException;
import dev.bulwark.core.BulwarkException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a command in an unpacked rootfs with bubblewrap: the rootfs as /, a fresh /proc (its /proc/sys read-only)
 * and a minimal /dev, no /sys; own user, PID, IPC, UTS and cgroup namespaces and no network unless asked; no
 * capabilities, no further user namespaces, a new session.
 *
 * <p>The sandbox never holds host root. Run by an ordinary user, bwrap maps that user to the image's uid. Run by
 * root, bwrap itself is started (via setpriv, all capabilities dropped) under an unprivileged host uid in a
 * subordinate range that no host account uses: {@link #hostId} = {@link #ROOT_HOST_ID} + the image's uid (and gid
 * alike), never a raw host uid an image could pick (its "User: 1000" is not the host's uid 1000). The rootfs is
 * unpacked with the same shift, so that the image's users own their files, and nothing else of the host.
 */
public final class BubblewrapSandbox {
    /** The host uid and gid that stand for root inside the sandbox when Bulwark runs as root. */
    public static final int ROOT_HOST_ID = 2_147_418_112;

    /** The host uid (or gid) of image uid (gid) {@code id} when running as root; ids above 65535 are refused. */
    static int hostId(int id) throws ImageException {
        if (id < 0 || id > dev.bulwark.oci.rootfs.RootfsUnpacker.MAX_SHIFTED_ID) {
            throw new ImageException(Kind.BAD_INPUT, "cannot run as uid or gid " + id + ": as root Bulwark runs images "
                    + "only under ids 0 to 65535 (mapped to host ids from " + ROOT_HOST_ID + "); give --user with one");
        }
        return ROOT_HOST_ID + id;
    }

    /** The process to start: who, where, with what environment. */
    public record Process(int uid, int gid, List<String> env, String workdir, List<String> argv, boolean network) {
        public Process {
            env = List.copyOf(env);
            argv = List.copyOf(argv);
        }
    }

    private final String bwrap;
    private final String setpriv;

    private BubblewrapSandbox(String bwrap, String setpriv) {
        this.bwrap = bwrap;
        this.setpriv = setpriv;
    }

    /** Finds bwrap (and, as root, setpriv) on PATH; exit 3 with the package to install when missing. */
    public static BubblewrapSandbox find() throws ImageException {
        String bwrap = which("bwrap");
        if (bwrap == null) {
            throw new ImageException(Kind.ENVIRONMENT, "cannot run the image: bubblewrap (bwrap) is not installed; "
                    + "install it (Debian: apt-get install bubblewrap)");
        }
        String setpriv = which("setpriv");
        if (setpriv == null && runningAsRoot()) {
            throw new ImageException(Kind.ENVIRONMENT, "cannot run the image as root safely: setpriv is not installed; "
                    + "install it (Debian: apt-get install util-linux) or run Bulwark as an ordinary user");
        }
        return new BubblewrapSandbox(bwrap, setpriv);
    }

    /** The bwrap command line (with its setpriv prefix as root) for {@code p} over {@code rootfs}. */
    List<String> commandLine(Path rootfs, Process p) throws ImageException {
        List<String> cmd = new ArrayList<>();
        if (runningAsRoot()) {
            String uid = String.valueOf(hostId(p.uid()));
            String gid = String.valueOf(hostId(p.gid()));
            cmd.addAll(List.of(setpriv, "--reuid", uid, "--regid", gid, "--clear-groups", "--inh-caps", "-all",
                    "--bounding-set", "-all", "--no-new-privs"));
        }
        cmd.add(bwrap);
        cmd.addAll(List.of("--bind", rootfs.toString(), "/", "--proc", "/proc",
                // bwrap leaves /proc/sys writable when its user cannot write it at setup; namespaced sysctls
                // (IPC, UTS) would then be writable by root inside: make the whole tree read-only.
                "--ro-bind", "/proc/sys", "/proc/sys", "--dev", "/dev",
                "--unshare-user", "--uid", String.valueOf(p.uid()), "--gid", String.valueOf(p.gid()),
                "--disable-userns", "--cap-drop", "ALL",
                "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try",
                "--die-with-parent", "--new-session", "--hostname", "bulwark", "--clearenv"));
        if (!p.network()) {
            cmd.add("--unshare-net");
        }
        for (String e : p.env()) {
            int eq = e.indexOf('=');
            if (eq > 0) {
                cmd.addAll(List.of("--setenv", e.substring(0, eq), e.substring(eq + 1)));
            }
        }
        cmd.addAll(List.of("--chdir", p.workdir(), "--"));
        cmd.addAll(p.argv());
        return cmd;
    }

    /** Runs {@code p} to its end (or the timeout); {@code started} sees the process, to stop it on shutdown. */
    RunResult run(Path rootfs, Process p, RunRequest.Output output, Duration timeout, Consumer<java.lang.Process> started)
            throws ImageException {
        ProcessBuilder pb = new ProcessBuilder(commandLine(rootfs, p));
        if (output.terminal()) {
            pb.inheritIO();
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        java.lang.Process proc;
        try {
            proc = pb.start();
        } catch (IOException e) {
            throw new ImageException(Kind.ENVIRONMENT, "cannot start bwrap: " + e.getMessage(), e);
        }
        started.accept(proc);
        Capture out = output.terminal() ? null : new Capture(proc.getInputStream(), output.limitBytes());
        Capture err = output.terminal() ? null : new Capture(proc.getErrorStream(), output.limitBytes());
        try {
            boolean timedOut = false;
            if (timeout == null) {
                proc.waitFor();
            } else if (!proc.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                proc.descendants().forEach(ProcessHandle::destroyForcibly);
                proc.destroyForcibly().waitFor();
            }
            byte[] o = out == null ? new byte[0] : out.bytes();
            byte[] e = err == null ? new byte[0] : err.bytes();
            boolean truncated = out != null && (out.truncated || err.truncated);
            return new RunResult(timedOut ? RunResult.TIMED_OUT : proc.exitValue(), o, e, timedOut, truncated);
        } catch (InterruptedException e) {
            proc.descendants().forEach(ProcessHandle::destroyForcibly);
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ImageException(Kind.ENVIRONMENT, "cannot run the image: interrupted", e);
        } finally {
            started.accept(null);
        }
    }

    /** Reads a stream to its end on its own thread, keeping the first {@code limit} bytes. */
    private static final class Capture {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread reader;
        private volatile boolean truncated;

        Capture(InputStream in, int limit) {
            reader = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        int keep = Math.min(n, limit - kept.size());
                        if (keep > 0) {
                            kept.write(buf, 0, keep);
                        }
                        if (keep < n) {
                            truncated = true;
                        }
                    }
                } catch (IOException ignored) {
                    // the process is gone; what was read is kept
                }
            }, "bulwark-run-output");
            reader.setDaemon(true);
            reader.start();
        }

        byte[] bytes() throws InterruptedException {
            reader.join();
            return kept.toByteArray();
        }
    }

    /** Whether this process runs with uid 0 (read from /proc/self, not from the user name). */
    public static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String which(String tool) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (candidate.isAbsolute() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
