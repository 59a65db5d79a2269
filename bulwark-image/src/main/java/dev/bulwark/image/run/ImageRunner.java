package dev.bulwark.image.run;

import dev.bulwark.image.ImageSources;
import dev.bulwark.image.PlatformChoice;
import dev.bulwark.oci.Platform;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.transport.ImageSource;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Runs commands in images, sandboxed with bubblewrap. {@link #run} is one command in a throw-away unpack (the CLI's
 * {@code bulwark run}); {@link #unpack} unpacks once for many commands (for example structure tests):
 *
 * <pre>{@code
 * try (UnpackedImage img = new ImageRunner(tmp).unpack(source, "amd64")) {
 *     RunResult r = img.run(RunRequest.of("--version").withTimeout(Duration.ofSeconds(30)));
 * }
 * }</pre>
 *
 * Every unpack first removes the run directories that killed runs left in the work directory.
 */
public final class ImageRunner {
    private final Path workDir;

    public ImageRunner(Path workDir) {
        this.workDir = workDir.toAbsolutePath().normalize();
    }

    /** Unpacks the image for Debian architecture {@code arch} (null: none given) into a new run directory. */
    public UnpackedImage unpack(ImageSource source, String arch) throws BulwarkException {
        return unpack(source, PlatformChoice.wanted(null, arch));
    }

    /**
     * Unpacks the image for {@code platform} into a new run directory; null picks by {@link PlatformChoice}'s rule
     * (the only platform, else this machine's, else fail asking for one).
     */
    public UnpackedImage unpack(ImageSource source, Platform platform) throws BulwarkException {
        BubblewrapSandbox sandbox = BubblewrapSandbox.find();
        Image image = ImageSources.select(source, platform);
        sweepStale();
        return UnpackedImage.unpack(image, workDir, sandbox);
    }

    /** Unpacks once, runs one command, removes the rootfs. */
    public RunResult run(ImageSource source, Platform platform, RunRequest request) throws BulwarkException {
        try (UnpackedImage image = unpack(source, platform)) {
            return image.run(request);
        }
    }

    /** Removes run directories of this user whose lock nobody holds: what killed runs left behind. */
    void sweepStale() {
        if (!Files.isDirectory(workDir)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(workDir, UnpackedImage.PREFIX + "*")) {
            Object me = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            for (Path dir : dirs) {
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                        && me.equals(Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                        && UnpackedImage.isStale(dir)) {
                    UnpackedImage.deleteQuietly(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Sweeping is housekeeping; a failure must not stop the run.
        }
    }
}
