package dev.bulwark.image.inspect;

import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.image.Image;
import java.util.List;

/**
 * What {@code bulwark inspect} reports about one image of a reference: the image itself (manifest, config, layers),
 * its operating system (os-release PRETTY_NAME, or null) and its installed Debian packages.
 */
public record Inspection(Digest root, boolean index, Image image, String os, List<InstalledPackage> packages) {
    public Inspection {
        packages = List.copyOf(packages);
    }
}
