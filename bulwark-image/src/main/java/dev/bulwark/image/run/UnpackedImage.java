package dev.bulwark.image.run;

import dev.bulwark.image.ImageException;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.text.Escape;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.rootfs.RootfsUnpacker;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * An image unpacked once into a private run directory, in which any number of commands run, one at a time, each
 * in a fresh sandbox ({@link BubblewrapSandbox}). What a command writes to the rootfs stays for the next one.
 * {@link #close} removes the directory; so does a shutdown hook when the JVM is stopped by SIGINT or SIGTERM
 * (after stopping the running command). The directory holds a lock for as long as it is in use, so that
 * {@link ImageRunner} can sweep the directories that killed runs left behind without touching live ones.
 */
public final class UnpackedImage implements AutoCloseable {
    static final String PREFIX = "bulwark-run-";
    static final String LOCK = "bulwark-run.lock";
    /**
     * The run directories this JVM holds locked. A sweep must never open their lock files: closing any descriptor
     * of a file drops every POSIX lock this process holds on it, so checking a live directory of this JVM would
     * unlock it for every other process's sweep. Static (the one piece of shared state here) because a JVM may
     * hold images of many ImageRunners at once and the locks are per process, not per runner.
     */
    private static final java.util.Map<Path, Object> LIVE = new java.util.concurrent.ConcurrentHashMap<>();
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Path dir;
    private final Path rootfs;
    private final ImageConfig config;
    private final RootfsUnpacker unpacker;
    private final BubblewrapSandbox sandbox;
    private final FileChannel lockChannel;
    private final Thread hook;
    private volatile Process running;
    private boolean closed;

    private UnpackedImage(Path dir, ImageConfig config, RootfsUnpacker unpacker, BubblewrapSandbox sandbox,
            FileChannel lockChannel) {
        this.dir = dir;
        this.rootfs = dir.resolve("rootfs");
        this.config = config;
        this.unpacker = unpacker;
        this.sandbox = sandbox;
        this.lockChannel = lockChannel;
        this.hook = new Thread(this::stopAndRemove, "bulwark-run-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Unpacks {@code image} into a new run directory under {@code workDir}. */
    static UnpackedImage unpack(Image image, Path workDir, BubblewrapSandbox sandbox) throws BulwarkException {
        Path dir = null;
        FileChannel lock = null;
        UnpackedImage unpacked = null;
        try {
            Files.createDirectories(workDir);
            if (BubblewrapSandbox.runningAsRoot()) {
                requireTraversable(workDir);
            }
            dir = Files.createTempDirectory(workDir, PREFIX);
            lock = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            lock.lock();
            LIVE.put(dir, lockKey(dir));
            // Private: no other host user may reach the rootfs (its setuid files, its paths to swap under a
            // cleanup). As root, each run lets the sandbox's own host gid pass (see grantTo); nobody else.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            boolean root = BubblewrapSandbox.runningAsRoot();
            RootfsUnpacker unpacker = new RootfsUnpacker(dir.resolve("rootfs"), root, true,
                    root ? BubblewrapSandbox.ROOT_HOST_ID : 0);
            unpacked = new UnpackedImage(dir, image.config(), unpacker, sandbox, lock);
            unpacker.unpack(image);
            unpacked.prepareRootfs();
            return unpacked;
        } catch (IOException e) {
            abandon(unpacked, lock, dir);
            throw new ImageException(Kind.ENVIRONMENT, "cannot unpack the image to run into " + workDir + ": "
                    + e.getMessage() + "; pick another directory with --tmp", e);
        } catch (RuntimeException | BulwarkException e) {
            abandon(unpacked, lock, dir);
            throw e;
        }
    }

    /** As root the sandbox runs under an unprivileged uid: every directory above the rootfs must let it pass. */
    private static void requireTraversable(Path workDir) throws IOException, ImageException {
        for (Path p = workDir.toRealPath(); p != null; p = p.getParent()) {
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            if ((mode & 01) == 0) {
                throw new ImageException(Kind.ENVIRONMENT, "cannot run the image from " + workDir + ": " + p
                        + " is not traversable by other users (mode " + Integer.toOctalString(mode & 07777)
                        + ") and the sandbox never runs as host root; give --tmp a directory every user can reach");
            }
        }
    }

    private static void abandon(UnpackedImage unpacked, FileChannel lock, Path dir) {
        if (unpacked != null) {
            unpacked.close();
        } else {
            deleteQuietly(dir);
            closeQuietly(lock);
            forget(dir);
        }
    }

    private void prepareRootfs() throws IOException {
        Files.setPosixFilePermissions(rootfs, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String mountPoint : List.of("proc", "dev", "sys")) {
            // Runtimes create these mount points; bwrap cannot once it runs as the image's user.
            if (!Files.exists(rootfs.resolve(mountPoint), LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(rootfs.resolve(mountPoint));
            }
        }
        if (BubblewrapSandbox.runningAsRoot()) {
            for (Path p : List.of(rootfs, rootfs.resolve("proc"), rootfs.resolve("dev"), rootfs.resolve("sys"))) {
                if ((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) == 0) {
                    // made by the unpacker or here: the image's root owns them (host id ROOT_HOST_ID)
                    Files.setAttribute(p, "unix:uid", BubblewrapSandbox.ROOT_HOST_ID, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(p, "unix:gid", BubblewrapSandbox.ROOT_HOST_ID, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    /**
     * As root: the run directory stays root's, mode 0710, its group the host gid the next sandbox runs under — that
     * sandbox can pass to the rootfs, but cannot change the directory, and no other host user can pass at all.
     */
    private void grantTo(int hostGid) throws ImageException {
        try {
            Files.setAttribute(dir, "unix:gid", hostGid, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x---"));
        } catch (IOException e) {
            throw new ImageException(Kind.ENVIRONMENT, "cannot let the sandbox reach " + rootfs + ": " + e.getMessage(), e);
        }
    }

    /** The image's config (entrypoint, cmd, env, user, working directory). */
    public ImageConfig config() {
        return config;
    }

    /**
     * Runs one command to completion (or its timeout) in a fresh sandbox over this rootfs. With terminal output, a
     * warning goes to stderr when the command runs as root; {@link #runsAsRoot} tells capturing callers.
     */
    public synchronized RunResult run(RunRequest request) throws BulwarkException {
        if (closed) {
            throw new IllegalStateException("the unpacked image is closed");
        }
        String user = request.user() != null ? request.user() : config.user();
        int[] ids = Users.resolve(user, unpacker);
        if (ids[0] == 0 && request.output().terminal()) {
            System.err.println("warning: the command runs as root (uid 0) inside the sandbox; root there is not root on "
                    + "the host: no capabilities, its own user namespace" + (user == null || user.isBlank()
                    ? " (the image sets no user; give --user to pick one)" : ""));
        }
        List<String> env = environment(request);
        String workdir = request.workdir() != null ? request.workdir() : config.workingDir();
        workdir = workdir == null || workdir.isEmpty() ? "/" : workdir;
        if (!workdir.startsWith("/")) {
            throw new ImageException(Kind.BAD_INPUT, "cannot run in working directory '" + Escape.text(workdir)
                    + "': it must be an absolute path");
        }
        if (!Executables.isDirectory(unpacker, workdir)) {
            throw new ImageException(Kind.BAD_INPUT, "cannot run in working directory '" + Escape.text(workdir)
                    + "': it is not a directory in the image; give --workdir with one that is");
        }
        List<String> argv = command(request);
        if (argv.isEmpty()) {
            throw new ImageException(Kind.BAD_INPUT, "cannot run the image: it has no entrypoint or cmd; give a "
                    + "command after --");
        }
        RunResult missing = Executables.check(unpacker, argv.get(0), workdir, env, request.output());
        if (missing != null) {
            return missing;
        }
        if (BubblewrapSandbox.runningAsRoot()) {
            BubblewrapSandbox.hostId(ids[0]);
            grantTo(BubblewrapSandbox.hostId(ids[1]));
        }
        BubblewrapSandbox.Process p = new BubblewrapSandbox.Process(ids[0], ids[1], env, workdir, argv, request.network());
        return sandbox.run(rootfs, p, request.output(), request.timeout(), started -> running = started);
    }

    /** Whether {@code request} runs as uid 0 inside the sandbox (never host root: see {@link BubblewrapSandbox}). */
    public boolean runsAsRoot(RunRequest request) throws BulwarkException {
        return Users.resolve(request.user() != null ? request.user() : config.user(), unpacker)[0] == 0;
    }

    /** docker run: entrypoint (the image's unless overridden) + args, or + the image's cmd when args are empty. */
    List<String> command(RunRequest request) {
        List<String> argv = new ArrayList<>();
        boolean overridden = request.entrypoint() != null;
        List<String> entrypoint = overridden ? request.entrypoint() : config.entrypoint();
        if (entrypoint != null) {
            argv.addAll(entrypoint);
        }
        if (!request.args().isEmpty()) {
            argv.addAll(request.args());
        } else if (!overridden && config.cmd() != null) {
            // Like docker: overriding the entrypoint also drops the image's cmd.
            argv.addAll(config.cmd());
        }
        return argv;
    }

    private List<String> environment(RunRequest request) {
        List<String> env = new ArrayList<>(config.env() == null ? List.of() : config.env());
        for (String e : request.env()) {
            String key = e.substring(0, e.indexOf('=') + 1);
            env.removeIf(old -> old.startsWith(key));
            env.add(e);
        }
        if (env.stream().noneMatch(e -> e.startsWith("PATH="))) {
            env.add(0, "PATH=" + DEFAULT_PATH);
        }
        return env;
    }

    /** Removes the run directory; a no-op the second time. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook is running and removes the directory
        }
        deleteQuietly(dir);
        closeQuietly(lockChannel);
        forget(dir);
    }

    /** The lock file's identity (device and inode): the same however the directory's path is spelled. */
    private static Object lockKey(Path dir) throws IOException {
        return Files.readAttributes(dir.resolve(LOCK), java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static void forget(Path dir) {
        if (dir != null) {
            LIVE.remove(dir);
        }
    }

    private void stopAndRemove() {
        Process p = running;
        if (p != null && p.isAlive()) {
            // The command first (it may clean up), then bwrap; --die-with-parent kills what is left.
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            try {
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteQuietly(dir);
        closeQuietly(lockChannel);
    }

    static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            RootfsUnpacker.deleteRecursively(dir);
        } catch (IOException e) {
            // AccessDeniedException and friends carry only the path as their message: name the exception too.
            System.err.println("warning: cannot remove " + dir + ": " + e + "; remove it by hand");
        }
    }

    private static void closeQuietly(FileChannel c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // closing releases the lock; nothing else to do
        }
    }

    /** True when {@code dir} is a run directory whose lock nobody holds (its run was killed). */
    static boolean isStale(Path dir) {
        Path lock = dir.resolve(LOCK);
        try {
            if (!Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS) || LIVE.containsValue(lockKey(dir))) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        try (FileChannel c = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock l = c.tryLock();
            if (l == null) {
                return false;
            }
            l.release();
            return true;
        } catch (java.nio.channels.OverlappingFileLockException live) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
