package dev.bulwark.image;

import dev.bulwark.image.ImageException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageSource;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Transports;
import java.util.List;
import java.util.Locale;

/** Opens image sources by reference and picks the image for a platform. */
public final class ImageSources {
    private ImageSources() {
    }

    public static ImageSource open(ImageReference ref, RegistryOptions options) throws OciException {
        return Transports.openSource(ref, options);
    }

    /**
     * The image for {@code debianArch}, or — when null — for this machine's architecture, or the only one there is.
     */
    public static Image select(ImageSource source, String debianArch) throws OciException, ImageException {
        List<Platform> platforms = source.platforms();
        if (debianArch != null) {
            Platform wanted = Platform.fromDebianArch(debianArch);
            return source.image(platforms.stream().filter(p -> sameArch(p, wanted)).findFirst()
                    .orElseThrow(() -> new ImageException(Kind.BAD_INPUT, "cannot pick " + debianArch + ": the image has "
                            + platforms)));
        }
        if (platforms.size() == 1) {
            return source.image(platforms.get(0));
        }
        String host = hostArch();
        return source.image(platforms.stream().filter(p -> p.architecture().equals(host)).findFirst()
                .orElseThrow(() -> new ImageException(Kind.BAD_INPUT, "cannot pick an image for this machine (" + host
                        + "): the image has " + platforms + "; choose one with --platform OS/ARCH (or --arch ARCH)")));
    }

    private static boolean sameArch(Platform p, Platform wanted) {
        return p.architecture().equals(wanted.architecture())
                && (wanted.variant() == null || p.variant() == null || wanted.variant().equals(p.variant()));
    }

    /** This machine's architecture in OCI terms. */
    public static String hostArch() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        switch (arch) {
            case "x86_64":
            case "amd64":
                return "amd64";
            case "aarch64":
            case "arm64":
                return "arm64";
            default:
                return arch;
        }
    }
}
