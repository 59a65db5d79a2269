package dev.bulwark.image.inspect;

import dev.bulwark.image.ImageException;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.control.ControlParseException;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.installed.InstalledPackages;
import dev.bulwark.debian.installed.OsRelease;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageFiles;
import dev.bulwark.oci.transport.ImageSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what is inside an image: for every platform (or one), the manifest and config, and the Debian packages from
 * distroless-style {@code /var/lib/dpkg/status.d} or the classic {@code /var/lib/dpkg/status} — so it works on any
 * Debian-based image, including archives made by other tools.
 */
public final class ImageInspector {
    private static final String OS_RELEASE = "/etc/os-release";
    private static final String OS_RELEASE_LIB = "/usr/lib/os-release";

    private ImageInspector() {
    }

    public static List<Inspection> inspect(ImageSource source, Platform only) throws BulwarkException {
        var root = source.root();
        boolean index = MediaTypes.isIndex(root.mediaType());
        List<Inspection> out = new ArrayList<>();
        for (Platform p : source.platforms()) {
            if (only != null && !(p.architecture().equals(only.architecture())
                    && (only.variant() == null || p.variant() == null || only.variant().equals(p.variant())))) {
                continue;
            }
            Image image = source.image(p);
            Map<String, byte[]> files = ImageFiles.read(image, path -> path.equals(OS_RELEASE)
                    || path.equals(OS_RELEASE_LIB) || InstalledPackages.isDatabaseFile(path));
            Map<String, String> database = new LinkedHashMap<>();
            files.forEach((path, bytes) -> {
                if (InstalledPackages.isDatabaseFile(path)) {
                    database.put(path, new String(bytes, StandardCharsets.UTF_8));
                }
            });
            List<InstalledPackage> packages;
            try {
                packages = InstalledPackages.parse(database);
            } catch (ControlParseException e) {
                throw new ImageException(Kind.BAD_INPUT, "cannot read the package database of " + p + ": " + e.getMessage(), e);
            }
            byte[] osRelease = files.getOrDefault(OS_RELEASE, files.get(OS_RELEASE_LIB));
            String os = osRelease == null ? null : OsRelease.parse(new String(osRelease, StandardCharsets.UTF_8)).prettyName();
            out.add(new Inspection(root.digest(), index, image, os, packages));
        }
        if (out.isEmpty()) {
            throw new ImageException(Kind.BAD_INPUT, "cannot inspect " + only + ": the image has " + source.platforms());
        }
        return out;
    }
}
