package dev.bulwark.build.run;

import dev.bulwark.build.BuildException;
import dev.bulwark.build.pipeline.ImageSources;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.ref.ImageSource;
import dev.bulwark.oci.rootfs.RootfsUnpacker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Unpacks an image into a temp directory (safely) and runs a command in it with bubblewrap; returns its exit code. */
public final class ImageRunner {
    private final Path workDir;

    public ImageRunner(Path workDir) {
        this.workDir = workDir;
    }

    public int run(ImageSource source, RunRequest request) throws BulwarkException {
        BubblewrapSandbox sandbox = BubblewrapSandbox.find();
        Image image = ImageSources.select(source, request.arch());
        ImageConfig config = image.config();
        Path dir = null;
        try {
            Files.createDirectories(workDir);
            dir = Files.createTempDirectory(workDir, "run-");
            // Traversable but not listable: the image's user must reach the rootfs, other users need not see it.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            Path rootfs = dir.resolve("rootfs");
            RootfsUnpacker unpacker = new RootfsUnpacker(rootfs, BubblewrapSandbox.runningAsRoot(), true);
            unpacker.unpack(image);
            Files.setPosixFilePermissions(rootfs, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String mountPoint : List.of("proc", "dev", "sys")) {
                // Runtimes create these mount points; bwrap cannot once it runs as the image's user.
                if (!Files.exists(rootfs.resolve(mountPoint), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(rootfs.resolve(mountPoint));
                }
            }
            int[] ids = Users.resolve(config.user(), unpacker);
            List<String> argv = request.command().isEmpty() ? defaultCommand(config) : request.command();
            if (argv.isEmpty()) {
                throw new BuildException(Kind.BAD_INPUT, "cannot run the image: it has no entrypoint or cmd; give a "
                        + "command after --");
            }
            List<String> env = new ArrayList<>(config.env());
            env.addAll(request.extraEnv());
            return sandbox.run(rootfs, new BubblewrapSandbox.Process(ids[0], ids[1], env, config.workingDir(), argv,
                    request.network()));
        } catch (IOException e) {
            throw new BuildException(Kind.ENVIRONMENT, "cannot prepare the image to run in " + workDir + ": " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                try {
                    RootfsUnpacker.deleteRecursively(dir);
                } catch (IOException ignored) {
                    // Best effort: a rootfs the command made undeletable stays in the temp directory.
                }
            }
        }
    }

    private static List<String> defaultCommand(ImageConfig config) {
        List<String> argv = new ArrayList<>();
        if (config.entrypoint() != null) {
            argv.addAll(config.entrypoint());
        }
        if (config.cmd() != null) {
            argv.addAll(config.cmd());
        }
        return argv;
    }

    /** Resolves the config's {@code user} ("uid[:gid]" or names) against the image's /etc/passwd and /etc/group. */
    static final class Users {
        private Users() {
        }

        static int[] resolve(String user, RootfsUnpacker rootfs) throws BulwarkException {
            if (user == null || user.isBlank()) {
                return new int[] {0, 0};
            }
            String[] parts = user.split(":", 2);
            int uid;
            Integer gid = null;
            // Looked up inside the rootfs, never following a symlink out of it.
            String[] passwd = lookup(rootfs.locate("/etc/passwd"), parts[0], user);
            uid = passwd == null ? number(parts[0], user) : number(passwd[2], user);
            if (passwd != null) {
                gid = number(passwd[3], user);
            }
            if (parts.length == 2) {
                String[] group = lookup(rootfs.locate("/etc/group"), parts[1], user);
                gid = group == null ? number(parts[1], user) : number(group[2], user);
            }
            return new int[] {uid, gid == null ? uid : gid};
        }

        private static String[] lookup(Path file, String name, String user) throws BuildException {
            if (name.chars().allMatch(Character::isDigit) || !Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] f = line.split(":");
                    if (f.length >= 4 && f[0].equals(name)) {
                        return f;
                    }
                }
            } catch (IOException e) {
                throw new BuildException(Kind.BAD_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
            }
            throw new BuildException(Kind.BAD_INPUT, "cannot run as user '" + user + "': no '" + name + "' in the image's /"
                    + file.getFileName());
        }

        private static int number(String s, String user) throws BuildException {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new BuildException(Kind.BAD_INPUT, "cannot run as user '" + user + "': not a number or a known name");
            }
        }
    }
}
