package dev.bulwark.image.run;

import dev.bulwark.core.text.Escape;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.rootfs.RootfsUnpacker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the command in the rootfs before starting the sandbox, as the kernel and a shell's PATH search would
 * (symlinks followed inside the rootfs only), to give docker's exit codes: 127 not found, 126 not executable.
 */
final class Executables {
    private static final int MAX_LINKS = 40;

    private Executables() {
    }

    /** Null when {@code command} is found and executable; otherwise the result to report, message on stderr. */
    static RunResult check(RootfsUnpacker rootfs, String command, String workdir, List<String> env,
            RunRequest.Output output) throws OciException {
        if (command.isEmpty()) {
            return fail(RunResult.NOT_FOUND, "cannot run '': the command is empty", output);
        }
        if (command.contains("/")) {
            String path = command.startsWith("/") ? command : workdir + "/" + command;
            return verdict(rootfs, path, command, output);
        }
        String search = env.stream().filter(e -> e.startsWith("PATH=")).map(e -> e.substring(5)).findFirst().orElse("");
        RunResult first = null;
        for (String dir : search.split(":")) {
            if (!dir.startsWith("/")) {
                continue;
            }
            RunResult r = verdict(rootfs, dir + "/" + command, command, output);
            if (r == null) {
                return null;
            }
            if (r.exitCode() == RunResult.CANNOT_INVOKE && first == null) {
                first = r;
            }
        }
        return first != null ? first : fail(RunResult.NOT_FOUND, "cannot run '" + Escape.text(command)
                + "': not found in the image's PATH (" + Escape.text(search) + ")", output);
    }

    private static RunResult verdict(RootfsUnpacker rootfs, String imagePath, String command,
            RunRequest.Output output) throws OciException {
        Path host = follow(rootfs, imagePath);
        if (host == null || !Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            return command.contains("/") ? fail(RunResult.NOT_FOUND, "cannot run '" + Escape.text(command)
                    + "': no such file in the image", output) : fail(RunResult.NOT_FOUND, "", output);
        }
        try {
            int mode = (Integer) Files.getAttribute(host, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS) && (mode & 0111) != 0) {
                return null;
            }
        } catch (IOException e) {
            // unreadable attributes: treat as not executable
        }
        return fail(RunResult.CANNOT_INVOKE, "cannot run '" + Escape.text(command) + "': " + Escape.text(imagePath)
                + " is not an executable file", output);
    }

    /** Whether {@code imagePath} is a directory in the rootfs (symlinks followed inside it). */
    static boolean isDirectory(RootfsUnpacker rootfs, String imagePath) throws OciException {
        Path host = follow(rootfs, imagePath);
        return host != null && Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS);
    }

    /** The host path of {@code imagePath} with every symlink, the last one too, resolved inside the rootfs. */
    private static Path follow(RootfsUnpacker rootfs, String imagePath) throws OciException {
        String path = imagePath;
        for (int i = 0; i < MAX_LINKS; i++) {
            Path host = rootfs.locate(path);
            if (!Files.isSymbolicLink(host)) {
                return host;
            }
            String target;
            try {
                target = Files.readSymbolicLink(host).toString();
            } catch (IOException e) {
                return null;
            }
            path = target.startsWith("/") ? target : path.substring(0, path.lastIndexOf('/') + 1) + target;
        }
        return null;
    }

    private static RunResult fail(int code, String message, RunRequest.Output output) {
        if (output.terminal() && !message.isEmpty()) {
            System.err.println(message);
        }
        byte[] err = message.isEmpty() ? new byte[0] : UnpackedImage.utf8(message + "\n");
        return new RunResult(code, new byte[0], err, false, false);
    }
}
