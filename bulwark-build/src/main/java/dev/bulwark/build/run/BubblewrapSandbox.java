package dev.bulwark.build.run;

import dev.bulwark.build.BuildException;
import dev.bulwark.core.BulwarkException.Kind;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command in an unpacked rootfs with bubblewrap: fresh PID, IPC, UTS and network namespaces (no network
 * unless asked), /proc and a minimal /dev, the rootfs as /. As root, bwrap is started under the image's uid and gid
 * (via setpriv) so files keep their real owners and permissions; otherwise bwrap maps the caller to that uid.
 */
public final class BubblewrapSandbox {

    /** The process to start: who, where, with what environment. */
    public record Process(int uid, int gid, List<String> env, String workdir, List<String> argv, boolean network) {
    }

    private final String bwrap;
    private final String setpriv;

    private BubblewrapSandbox(String bwrap, String setpriv) {
        this.bwrap = bwrap;
        this.setpriv = setpriv;
    }

    /** Finds bwrap on PATH; exit 3 with the package to install when it is missing. */
    public static BubblewrapSandbox find() throws BuildException {
        String bwrap = which("bwrap");
        if (bwrap == null) {
            throw new BuildException(Kind.ENVIRONMENT, "cannot run the image: bubblewrap (bwrap) is not installed; "
                    + "install it (Debian: apt-get install bubblewrap)");
        }
        return new BubblewrapSandbox(bwrap, which("setpriv"));
    }

    public int run(Path rootfs, Process p) throws BuildException {
        List<String> cmd = new ArrayList<>();
        boolean root = runningAsRoot();
        if (root && (p.uid() != 0 || p.gid() != 0)) {
            if (setpriv == null) {
                throw new BuildException(Kind.ENVIRONMENT, "cannot run the image as uid " + p.uid() + ": setpriv "
                        + "(util-linux) is not installed");
            }
            cmd.addAll(List.of(setpriv, "--reuid", String.valueOf(p.uid()), "--regid", String.valueOf(p.gid()),
                    "--clear-groups"));
        }
        cmd.add(bwrap);
        cmd.addAll(List.of("--bind", rootfs.toString(), "/", "--proc", "/proc", "--dev", "/dev",
                "--unshare-user-try", "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try",
                "--die-with-parent", "--new-session", "--hostname", "bulwark", "--clearenv"));
        if (!p.network()) {
            cmd.add("--unshare-net");
        }
        if (!root) {
            cmd.addAll(List.of("--unshare-user", "--uid", String.valueOf(p.uid()), "--gid", String.valueOf(p.gid())));
        }
        for (String e : p.env()) {
            int eq = e.indexOf('=');
            if (eq > 0) {
                cmd.addAll(List.of("--setenv", e.substring(0, eq), e.substring(eq + 1)));
            }
        }
        cmd.addAll(List.of("--chdir", p.workdir() == null || p.workdir().isEmpty() ? "/" : p.workdir(), "--"));
        cmd.addAll(p.argv());
        try {
            return new ProcessBuilder(cmd).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new BuildException(Kind.ENVIRONMENT, "cannot start bwrap: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException(Kind.ENVIRONMENT, "cannot run the image: interrupted", e);
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
