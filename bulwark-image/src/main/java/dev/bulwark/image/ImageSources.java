package dev.bulwark.image;

import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageSource;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Transports;
import java.util.Locale;

/** Opens image sources by reference and picks the image for a platform ({@link PlatformChoice}). */
public final class ImageSources {
    private ImageSources() {
    }

    public static ImageSource open(ImageReference ref, RegistryOptions options) throws OciException {
        return Transports.openSource(ref, options);
    }

    /**
     * The image for {@code debianArch} (a Debian architecture such as {@code arm64}; null: none given), by
     * {@link PlatformChoice}'s rule.
     */
    public static Image select(ImageSource source, String debianArch) throws OciException, ImageException {
        return select(source, PlatformChoice.wanted(null, debianArch));
    }

    /**
     * The image for {@code wanted} (null: none given) by {@link PlatformChoice}'s rule: the only platform, else this
     * machine's architecture, else fail listing the platforms and how to choose.
     */
    public static Image select(ImageSource source, Platform wanted) throws OciException, ImageException {
        return source.image(PlatformChoice.choose(source.platforms(), wanted, hostArch()));
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
